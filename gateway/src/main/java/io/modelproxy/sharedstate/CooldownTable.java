package io.modelproxy.sharedstate;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** Key cooldowns held in this process: the whole story for one replica, the local mirror for several. */
public final class CooldownTable implements KeyCooldowns {
    /** The model of a provider-wide cooldown. */
    static final String PROVIDER = "";

    private final ConcurrentHashMap<Entry, CooldownEnd> ends = new ConcurrentHashMap<>();

    private record Entry(KeySlot key, String model) {}

    @Override
    public CooldownEnd cooldown(KeySlot key, String model, long now) {
        return CooldownEnd.later(running(new Entry(key, PROVIDER), now), running(new Entry(key, model), now));
    }

    @Override
    public long providerCoolingUntil(KeySlot key, long now) {
        return running(new Entry(key, PROVIDER), now).until();
    }

    @Override
    public Map<String, Long> modelCooldowns(KeySlot key, long now) {
        Map<String, Long> running = new TreeMap<>();
        ends.forEach((entry, end) -> {
            if (entry.key().equals(key) && !entry.model().equals(PROVIDER) && end.until() > now) {
                running.put(entry.model(), end.until());
            }
        });
        return running;
    }

    @Override
    public void coolForModel(KeySlot key, String model, CooldownEnd end) {
        cool(key, model, end);
    }

    @Override
    public void coolForProvider(KeySlot key, CooldownEnd end) {
        cool(key, PROVIDER, end);
    }

    void cool(KeySlot key, String model, CooldownEnd end) {
        ends.merge(new Entry(key, model), end, CooldownEnd::later);
    }

    /** An ended cooldown is forgotten when next read, so the table holds only running ones and recent ends. */
    private CooldownEnd running(Entry entry, long now) {
        CooldownEnd end = ends.get(entry);
        if (end == null) {
            return CooldownEnd.NONE;
        }
        if (end.until() <= now) {
            ends.remove(entry, end);
        }
        return end;
    }
}
