package io.modelproxy.routing;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Every route's {@link Circuit} by route id, for the life of the gateway, so a reload keeps them. */
public final class Circuits {
    private final ConcurrentHashMap<String, Circuit> circuits = new ConcurrentHashMap<>();

    public Circuit forRoute(String routeId) {
        return circuits.computeIfAbsent(routeId, id -> new Circuit());
    }

    public void retainOnly(Set<String> routeIds) {
        circuits.keySet().retainAll(routeIds);
    }
}
