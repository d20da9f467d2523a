package io.modelproxy.admin.activity;

import java.time.Instant;

/**
 * The state of one upstream key, identified as the manifests name it, never by its value.
 *
 * @param provider the Provider using the key
 * @param secret the Secret holding it
 * @param key the key's name in the Secret
 * @param state {@code ready}, {@code cooling} or {@code suspended}
 * @param until when a cooldown ends; null otherwise
 * @param reason why it cools down or is suspended (e.g. {@code 429 from upstream}); null when ready
 */
public record KeyStatus(String provider, String secret, String key, String state, Instant until, String reason) {}
