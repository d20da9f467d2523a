package io.modelproxy.keys;

import java.security.MessageDigest;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cooldowns of one key: for single upstream models and for the whole provider. Shared by every
 * routing table that holds the same key value, so a reload keeps them. Times are epoch millis of the
 * gateway's clock.
 */
public final class KeyState {
    private final byte[] valueDigest;
    private final ConcurrentHashMap<String, Long> modelUntil = new ConcurrentHashMap<>();
    private volatile long providerUntil;

    KeyState(byte[] valueDigest) {
        this.valueDigest = valueDigest;
    }

    boolean holds(byte[] digest) {
        return MessageDigest.isEqual(valueDigest, digest);
    }

    /** When the key may be used for {@code model} again; at or before {@code now} means it may now. */
    public long coolingUntil(String model, long now) {
        long until = providerUntil;
        Long forModel = modelUntil.get(model);
        if (forModel != null) {
            if (forModel <= now) {
                modelUntil.remove(model, forModel);
            } else {
                until = Math.max(until, forModel);
            }
        }
        return until;
    }

    public void coolForModel(String model, long until) {
        modelUntil.merge(model, until, Math::max);
    }

    public void coolForProvider(long until) {
        synchronized (this) {
            providerUntil = Math.max(providerUntil, until);
        }
    }

    /** Provider-wide cooldown end, epoch millis (in the past when none). */
    public long providerCoolingUntil() {
        return providerUntil;
    }

    /** Per-model cooldowns still running at {@code now}, by upstream model. */
    public Map<String, Long> modelCooldowns(long now) {
        Map<String, Long> running = new TreeMap<>();
        modelUntil.forEach((model, until) -> {
            if (until > now) {
                running.put(model, until);
            }
        });
        return running;
    }
}
