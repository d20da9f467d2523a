package io.modelproxy.keys;

import io.modelproxy.sharedstate.CooldownEnd;
import io.modelproxy.sharedstate.KeyCooldowns;
import io.modelproxy.sharedstate.KeySlot;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
    /** The upstream status behind each cooldown this replica started (what health shows as the reason). */
    private final Map<String, Integer> modelReasons = new ConcurrentHashMap<>();
    private volatile int providerReason;

    KeyState(byte[] valueDigest, KeySlot slot, KeyCooldowns cooldowns) {
        this.valueDigest = valueDigest;
        this.slot = slot;
        this.cooldowns = cooldowns;
    }

    boolean holds(byte[] digest) {
        return MessageDigest.isEqual(valueDigest, digest);
    }

    /**
     * When the key may be used for {@code model} again (at or before {@code now}: it may now), and
     * whether an upstream promised that moment, here or on another replica.
     */
    public CooldownEnd cooldown(String model, long now) {
        return cooldowns.cooldown(slot, model, now);
    }

    /** Cools the key for one upstream model because the upstream answered {@code status}. */
    public void coolForModel(String model, CooldownEnd end, int status) {
        modelReasons.put(model, status);
        cooldowns.coolForModel(slot, model, end);
    }

    /** Suspends the key for its whole provider because the upstream answered {@code status}. */
    public void coolForProvider(CooldownEnd end, int status) {
        providerReason = status;
        cooldowns.coolForProvider(slot, end);
    }

    /** The upstream status that cooled the key for {@code model} here, 0 when unknown (another replica cooled it). */
    public int reason(String model) {
        return modelReasons.getOrDefault(model, 0);
    }

    /** The upstream status that suspended the key here, 0 when unknown. */
    public int providerReason() {
        return providerReason;
    }

    /** The key's state at {@code now}: ready, cooling for some models, or suspended. */
    public KeyCondition condition(long now) {
        Map<String, KeyCondition.Cooldown> models = new java.util.TreeMap<>();
        modelCooldowns(now).forEach((model, until) -> models.put(model, new KeyCondition.Cooldown(until, reason(model))));
        long provider = providerCoolingUntil();
        if (provider > now) {
            return new KeyCondition("suspended", provider, providerReason, models);
        }
        if (models.isEmpty()) {
            return new KeyCondition("ready", 0, 0, models);
        }
        var first = models.values().stream().min(java.util.Comparator.comparingLong(KeyCondition.Cooldown::until)).orElseThrow();
        return new KeyCondition("cooling", first.until(), first.reason(), models);
    }

    /** A short digest of the key's value ({@code sha256:} and 8 hex digits), to tell keys apart without their values. */
    public String digest() {
        return "sha256:" + HexFormat.of().formatHex(valueDigest, 0, 4);
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
