package io.modelproxy.keys;

import java.util.Map;

/**
 * What a key can do now, as health and the admin show it.
 *
 * @param state {@code ready}, {@code cooling} (for some upstream models) or {@code suspended} (for its whole provider)
 * @param until when a suspension ends (epoch millis), else the earliest model cooldown's end; 0 when ready
 * @param reason the upstream status behind it, 0 when unknown (cooled by another replica) or ready
 * @param models the running cooldowns by upstream model
 */
public record KeyCondition(String state, long until, int reason, Map<String, Cooldown> models) {
    /** One model's cooldown: its end (epoch millis) and the upstream status behind it (0 when unknown). */
    public record Cooldown(long until, int reason) {}
}
