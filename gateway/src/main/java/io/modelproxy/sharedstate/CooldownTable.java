package io.modelproxy.sharedstate;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** Key cooldowns held in this process: the whole story for one replica, the local mirror for several. */
public final class CooldownTable implements KeyCooldowns {
    /** The model of a provider-wide cooldown. */
    static final String PROVIDER = "";

    private final ConcurrentHashMap<Entry, Long> until = new ConcurrentHashMap<>();

    private record Entry(KeySlot key, String model) {}

    @Override
    public long coolingUntil(KeySlot key, String model, long now) {
        return Math.max(running(new Entry(key, PROVIDER), now), running(new Entry(key, model), now));
    }

    @Override
    public long providerCoolingUntil(KeySlot key, long now) {
        return running(new Entry(key, PROVIDER), now);
    }

    @Override
    public Map<String, Long> modelCooldowns(KeySlot key, long now) {
        Map<String, Long> running = new TreeMap<>();
        until.forEach((entry, end) -> {
            if (entry.key().equals(key) && !entry.model().equals(PROVIDER) && end > now) {
                running.put(entry.model(), end);
            }
        });
        return running;
    }

    @Override
    public void coolForModel(KeySlot key, String model, long end) {
        cool(key, model, end);
    }

    @Override
    public void coolForProvider(KeySlot key, long end) {
        cool(key, PROVIDER, end);
    }

    void cool(KeySlot key, String model, long end) {
        until.merge(new Entry(key, model), end, Math::max);
    }

    /** An ended cooldown is forgotten when next read, so the table holds only running ones and recent ends. */
    private long running(Entry entry, long now) {
        Long end = until.get(entry);
        if (end == null) {
            return 0;
        }
        if (end <= now) {
            until.remove(entry, end);
        }
        return end;
    }
}
