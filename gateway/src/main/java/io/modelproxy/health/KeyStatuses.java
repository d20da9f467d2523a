package io.modelproxy.health;

import io.modelproxy.admin.activity.KeyStatus;
import io.modelproxy.admin.activity.KeyStatusSource;
import io.modelproxy.keys.KeyCondition;
import io.modelproxy.keys.PooledKey;
import io.modelproxy.routing.RoutingTable;
import io.modelproxy.upstream.Upstream;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The admin's view of every upstream key of the config in service: ready, cooling down or suspended, and why. */
public final class KeyStatuses implements KeyStatusSource {
    private final Supplier<RoutingTable> tables;
    private final InstantSource clock;

    public KeyStatuses(Supplier<RoutingTable> tables, InstantSource clock) {
        this.tables = tables;
        this.clock = clock;
    }

    @Override
    public List<KeyStatus> statuses() {
        RoutingTable table = tables.get();
        if (table == null) {
            return List.of();
        }
        long now = clock.millis();
        List<KeyStatus> out = new ArrayList<>();
        for (Upstream u : table.upstreams().values()) {
            for (PooledKey k : u.keys().keys()) {
                KeyCondition c = k.state().condition(now);
                out.add(new KeyStatus(u.name(), k.key().ref().secret(), k.key().ref().key(), c.state(),
                        c.until() > now ? Instant.ofEpochMilli(c.until()) : null, reason(c)));
            }
        }
        return out;
    }

    private static String reason(KeyCondition c) {
        if ("ready".equals(c.state())) {
            return null;
        }
        String status = c.reason() == 0 ? "cooled down by another replica" : c.reason() + " from upstream";
        if ("suspended".equals(c.state())) {
            return status + ", for every model";
        }
        List<String> models = new ArrayList<>();
        for (Map.Entry<String, KeyCondition.Cooldown> m : c.models().entrySet()) {
            models.add(m.getKey());
        }
        return status + ", for model " + String.join(", ", models);
    }
}
