package io.modelproxy.admin.activity;

import java.time.Instant;

/**
 * One request the gateway served, without its content.
 *
 * @param client the client's name (never its key); null when the gateway has no client keys
 * @param route {@code provider/model} that answered, null when none did
 * @param inputTokens null when unknown
 * @param outputTokens null when unknown
 */
public record RequestSummary(Instant time, String client, String model, String route, int status,
        long latencyMillis, Long inputTokens, Long outputTokens) {}
