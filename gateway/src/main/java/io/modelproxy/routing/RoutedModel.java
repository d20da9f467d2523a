package io.modelproxy.routing;

import io.modelproxy.api.Strategy;
import io.modelproxy.config.ModelConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** A logical model with its routes resolved. Immutable. */
public record RoutedModel(ModelConfig config, List<Route> routes) {
    public RoutedModel {
        routes = List.copyOf(routes);
    }

    public String name() {
        return config.name();
    }

    /**
     * The routes in the order one request tries them: as listed (Ordered), or the first picked at
     * random by weight and the rest by descending weight (Weighted).
     */
    public List<Route> routesInOrder() {
        if (config.strategy() != Strategy.Weighted || routes.size() < 2) {
            return routes;
        }
        long total = 0;
        for (Route r : routes) {
            total += Math.max(0, r.config().weight());
        }
        List<Route> order = new ArrayList<>(routes);
        order.sort(Comparator.comparingInt((Route r) -> r.config().weight()).reversed());
        if (total > 0) {
            long pick = ThreadLocalRandom.current().nextLong(total);
            for (int i = 0; i < routes.size(); i++) {
                pick -= Math.max(0, routes.get(i).config().weight());
                if (pick < 0) {
                    Route first = routes.get(i);
                    order.remove(first);
                    order.addFirst(first);
                    break;
                }
            }
        }
        return order;
    }
}
