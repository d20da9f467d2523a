package io.modelproxy.config;

/** One key, named by the Secret that holds it and its entry in that Secret. Never the value. */
public record KeyRef(String secret, String key) {
    @Override
    public String toString() {
        return secret + "/" + key;
    }
}
