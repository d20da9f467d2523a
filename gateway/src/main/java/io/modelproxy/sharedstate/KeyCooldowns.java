package io.modelproxy.sharedstate;

import java.util.Map;

/**
 * The cooldowns of upstream keys: for one upstream model, or for the whole provider. Reads answer
 * from memory and never block; a shared implementation tells the other replicas about every
 * cooldown and learns theirs. Times are epoch millis.
 */
public interface KeyCooldowns {

    /**
     * When the key may be used for {@code model} again (the later of its two cooldowns) and whether that
     * end was promised; an end at or before {@code now}: it may be used now.
     */
    CooldownEnd cooldown(KeySlot key, String model, long now);

    /** When the provider-wide cooldown of the key ends; at or before {@code now}: none. */
    long providerCoolingUntil(KeySlot key, long now);

    /** Per-model cooldowns of the key still running at {@code now}, by upstream model. */
    Map<String, Long> modelCooldowns(KeySlot key, long now);

    /** @param end when the cooldown ends, and whether an upstream promised it (Retry-After) */
    void coolForModel(KeySlot key, String model, CooldownEnd end);

    void coolForProvider(KeySlot key, CooldownEnd end);
}
