package io.modelproxy.keys;

import io.modelproxy.sharedstate.KeyCooldowns;
import io.modelproxy.sharedstate.KeySlot;
import java.security.MessageDigest;
import java.util.Map;

/**
 * The cooldowns of one key: for single upstream models and for the whole provider. Kept in the
 * gateway's {@link KeyCooldowns}, which the replicas share when {@code spec.sharedState} names a Redis,
 * so a key cooled on one replica is skipped by all; shared by every routing table that holds the same
 * key value, so a reload keeps them. Times are epoch millis of the gateway's clock.
 */
public final class KeyState {
    private final byte[] valueDigest;
    private final KeySlot slot;
    private final KeyCooldowns cooldowns;

    KeyState(byte[] valueDigest, KeySlot slot, KeyCooldowns cooldowns) {
        this.valueDigest = valueDigest;
        this.slot = slot;
        this.cooldowns = cooldowns;
    }

    boolean holds(byte[] digest) {
        return MessageDigest.isEqual(valueDigest, digest);
    }

    /** When the key may be used for {@code model} again; at or before {@code now} means it may now. */
    public long coolingUntil(String model, long now) {
        return cooldowns.coolingUntil(slot, model, now);
    }

    public void coolForModel(String model, long until) {
        cooldowns.coolForModel(slot, model, until);
    }

    public void coolForProvider(long until) {
        cooldowns.coolForProvider(slot, until);
    }

    /** Provider-wide cooldown end, epoch millis (in the past when none). */
    public long providerCoolingUntil() {
        return cooldowns.providerCoolingUntil(slot, Long.MIN_VALUE);  // no "now": nothing counts as ended
    }

    /** Per-model cooldowns still running at {@code now}, by upstream model. */
    public Map<String, Long> modelCooldowns(long now) {
        return cooldowns.modelCooldowns(slot, now);
    }
}
