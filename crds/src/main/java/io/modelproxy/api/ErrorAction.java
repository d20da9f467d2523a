package io.modelproxy.api;

/** What the gateway does when an upstream answers with a given status. */
public enum ErrorAction {
    /** Try the next key of the same route without cooling the failed key. */
    RetryNextKey,
    /** Cool the key down for this upstream model (Retry-After, else cooldownSeconds), then try the next key. */
    CooldownKeyForModel,
    /** Cool the key down for every model of the provider (long cooldown: bad or exhausted key), then try the next key. */
    CooldownKeyForProvider,
    /** Give up on this route without cooling the key and fall back to the next route or logical model. */
    FallBack,
    /** Return the upstream error to the client, in the client's dialect. */
    Return
}
