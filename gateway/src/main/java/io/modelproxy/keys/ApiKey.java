package io.modelproxy.keys;

import io.modelproxy.config.KeyRef;

/** An upstream API key: its name and its value. {@link #toString()} shows the name only. */
public record ApiKey(KeyRef ref, String value) {
    @Override
    public String toString() {
        return "ApiKey[" + ref + "]";
    }
}
