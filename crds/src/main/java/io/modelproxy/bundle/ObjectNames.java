package io.modelproxy.bundle;

import java.util.Locale;
import java.util.Optional;

/** Kubernetes object names (RFC 1123 subdomains) made from other proxies' names. */
public final class ObjectNames {
    private static final int MAX_LENGTH = 253;

    private ObjectNames() {}

    /**
     * {@code Groq_Fast} becomes {@code groq-fast}, {@code openai/gpt-4o} becomes {@code openai-gpt-4o};
     * empty when nothing usable is left.
     */
    public static Optional<String> of(String source) {
        String lower = source.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]+", "-").replaceAll("-{2,}", "-");
        String trimmed = lower.replaceAll("^[-.]+", "").replaceAll("[-.]+$", "");
        if (trimmed.length() > MAX_LENGTH) {
            trimmed = trimmed.substring(0, MAX_LENGTH).replaceAll("[-.]+$", "");
        }
        return trimmed.isEmpty() ? Optional.empty() : Optional.of(trimmed);
    }

    /** An environment variable name from a provider name, as Model-Proxy forms {@code {PROVIDER}}. */
    public static String variable(String name) {
        return name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_");
    }
}
