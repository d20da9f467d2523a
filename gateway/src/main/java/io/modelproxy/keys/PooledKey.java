package io.modelproxy.keys;

/** A key in a provider's pool, with its cooldown state. */
public record PooledKey(ApiKey key, KeyState state) {}
