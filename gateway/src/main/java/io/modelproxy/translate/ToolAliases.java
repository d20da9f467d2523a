package io.modelproxy.translate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Tool names and call ids the upstream would reject, rewritten deterministically on the way up and
 * restored on the way back (TRANSLATION.md §1.4, §7). OpenAI caps names at 64 characters of
 * {@code [a-zA-Z0-9_-]} and Responses call ids at 64 characters; Anthropic wants ids of
 * {@code [a-zA-Z0-9_-]}. One rule covers them all: anything outside {@code ^[a-zA-Z0-9_-]{1,64}$}
 * becomes its sanitized first 55 characters, "_" and 8 hex digits of its SHA-256, so the same input
 * always gives the same output (a tool_use id and its tool_result agree, across turns too).
 *
 * <p>One instance per exchange: it remembers what it rewrote so responses and streams can restore it.
 */
public final class ToolAliases {
    private static final Pattern ACCEPTED = Pattern.compile("^[a-zA-Z0-9_-]{1,64}$");
    private static final int KEPT = 55;

    private final Map<String, String> clientNames = new HashMap<>();
    private final Map<String, String> clientIds = new HashMap<>();

    /** The name to send upstream for a client's tool name. */
    public String upstreamName(String clientName) {
        String alias = rewrite(clientName);
        if (!alias.equals(clientName)) {
            clientNames.put(alias, clientName);
        }
        return alias;
    }

    /** The client's name for a name the upstream used. */
    public String clientName(String upstreamName) {
        return upstreamName == null ? null : clientNames.getOrDefault(upstreamName, upstreamName);
    }

    /** The call id to send upstream for a client's id. */
    public String upstreamId(String clientId) {
        String alias = rewrite(clientId);
        if (!alias.equals(clientId)) {
            clientIds.put(alias, clientId);
        }
        return alias;
    }

    /** The client's id for an id the upstream used. */
    public String clientId(String upstreamId) {
        return upstreamId == null ? null : clientIds.getOrDefault(upstreamId, upstreamId);
    }

    /** The deterministic rewrite; accepted values come back unchanged. */
    public static String rewrite(String value) {
        String v = value == null ? "" : value;
        if (ACCEPTED.matcher(v).matches()) {
            return v;
        }
        String sanitized = v.replaceAll("[^a-zA-Z0-9_-]", "_");
        String kept = sanitized.length() > KEPT ? sanitized.substring(0, KEPT) : sanitized;
        return (kept.isEmpty() ? "tool" : kept) + "_" + hash8(v);
    }

    private static String hash8(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
