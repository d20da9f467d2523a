package io.modelproxy.keys;

/**
 * A key in a provider's pool, with its cooldown state.
 *
 * @param name the key's reference as logs and reports name it ({@code secret/key}): made once with the
 *     pool, so that every attempt with the key (a held stream keeps its attempt for its life) shares it
 */
public record PooledKey(ApiKey key, KeyState state, String name) {
    public PooledKey(ApiKey key, KeyState state) {
        this(key, state, key.ref().toString());
    }
}
