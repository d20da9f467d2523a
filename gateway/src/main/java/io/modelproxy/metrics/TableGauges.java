package io.modelproxy.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.modelproxy.keys.PooledKey;
import io.modelproxy.routing.Route;
import io.modelproxy.routing.RoutedModel;
import io.modelproxy.routing.RoutingTable;
import io.modelproxy.upstream.Upstream;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gauges read from the routing table in service at each scrape: the keys of each provider that are
 * cooling down, and each route's circuit. Their rows follow the table, so a reload drops the series of
 * providers and routes it removed.
 */
final class TableGauges {
    private final InstantSource clock;
    private final MultiGauge keysCooling;
    private final MultiGauge circuits;

    TableGauges(MeterRegistry registry, InstantSource clock) {
        this.clock = clock;
        keysCooling = MultiGauge.builder("modelproxy.keys.cooling")
                .description("Keys of a provider that cannot serve every model now (cooling down or suspended)")
                .register(registry);
        circuits = MultiGauge.builder("modelproxy.route.circuit.open")
                .description("1 while a route's circuit is open (the route is skipped), else 0").register(registry);
    }

    /** The rows of {@code table} (none when no table is loaded). */
    void refresh(RoutingTable table) {
        List<MultiGauge.Row<?>> keyRows = new ArrayList<>();
        List<MultiGauge.Row<?>> circuitRows = new ArrayList<>();
        if (table != null) {
            for (Upstream u : table.upstreams().values()) {
                keyRows.add(MultiGauge.Row.of(Tags.of("provider", u.name()), u, p -> cooling(p, clock.millis())));
            }
            Map<String, Route> routes = new LinkedHashMap<>();
            for (RoutedModel m : table.models()) {
                m.routes().forEach(r -> routes.putIfAbsent(r.id(), r));
            }
            routes.forEach((id, r) -> circuitRows.add(MultiGauge.Row.of(Tags.of("route", id), r,
                    route -> route.circuit().isOpen(clock.millis()) ? 1 : 0)));
        }
        keysCooling.register(keyRows, true);
        circuits.register(circuitRows, true);
    }

    private static int cooling(Upstream upstream, long now) {
        int n = 0;
        for (PooledKey k : upstream.keys().keys()) {
            if (k.state().providerCoolingUntil() > now || !k.state().modelCooldowns(now).isEmpty()) {
                n++;
            }
        }
        return n;
    }
}
