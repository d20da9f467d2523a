package io.modelproxy.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * Gateway-wide settings, from the ModelGateway (or defaults when there is none).
 *
 * @param name the ModelGateway's name, {@code default} without one
 * @param clientKeys client keys; each entry's key name is the client's name. Empty: no client auth
 * @param corsOrigins allowed CORS origins; empty: CORS off
 * @param requestsPerMinute per-client request limit, null for none
 * @param tokensPerMinute per-client token limit, null for none
 * @param defaultContextWindow context window reported when nothing else knows it
 * @param maxRequestBytes largest request body accepted
 * @param requestLogging one log line per request
 * @param clientRateLimits per-client overrides of the two limits above, by client name
 * @param modelRateLimits per-client caps on one model, by client-facing model name
 * @param sharedState where replicas share rate-limit budgets and key cooldowns; null: each replica keeps its own
 * @param pathPrefixes the path prefixes the API is also served under, besides /openai and /anthropic
 * @param requestLog the sinks of the request records (when {@code requestLogging} is on)
 * @param metrics whether {@code GET /metrics} is served
 * @param passthroughProvider the provider of POST /v1 requests no model serves; null: they are answered 404
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GatewaySettings(
        String name,
        List<KeyRef> clientKeys,
        List<String> corsOrigins,
        Integer requestsPerMinute,
        Integer tokensPerMinute,
        int defaultContextWindow,
        long maxRequestBytes,
        boolean requestLogging,
        Map<String, RateLimit> clientRateLimits,
        Map<String, RateLimit> modelRateLimits,
        SharedStateSettings sharedState,
        List<PathPrefix> pathPrefixes,
        RequestLogSettings requestLog,
        boolean metrics,
        String passthroughProvider) {

    public static final int DEFAULT_CONTEXT_WINDOW = 128_000;
    public static final long DEFAULT_MAX_REQUEST_BYTES = 32L * 1024 * 1024;

    public GatewaySettings {
        clientKeys = clientKeys == null ? List.of() : List.copyOf(clientKeys);
        corsOrigins = corsOrigins == null ? List.of() : List.copyOf(corsOrigins);
        clientRateLimits = clientRateLimits == null ? Map.of() : Map.copyOf(clientRateLimits);
        modelRateLimits = modelRateLimits == null ? Map.of() : Map.copyOf(modelRateLimits);
        pathPrefixes = pathPrefixes == null ? List.of() : List.copyOf(pathPrefixes);
        requestLog = requestLog == null ? RequestLogSettings.defaults() : requestLog;
    }

    /** Settings with the default request log sinks, metrics on and no passthrough provider. */
    public GatewaySettings(String name, List<KeyRef> clientKeys, List<String> corsOrigins, Integer requestsPerMinute,
            Integer tokensPerMinute, int defaultContextWindow, long maxRequestBytes, boolean requestLogging,
            Map<String, RateLimit> clientRateLimits, Map<String, RateLimit> modelRateLimits,
            SharedStateSettings sharedState, List<PathPrefix> pathPrefixes) {
        this(name, clientKeys, corsOrigins, requestsPerMinute, tokensPerMinute, defaultContextWindow, maxRequestBytes,
                requestLogging, clientRateLimits, modelRateLimits, sharedState, pathPrefixes, null, true, null);
    }

    /** Settings without path prefixes of their own and without a passthrough provider. */
    public GatewaySettings(String name, List<KeyRef> clientKeys, List<String> corsOrigins, Integer requestsPerMinute,
            Integer tokensPerMinute, int defaultContextWindow, long maxRequestBytes, boolean requestLogging,
            Map<String, RateLimit> clientRateLimits, Map<String, RateLimit> modelRateLimits,
            SharedStateSettings sharedState) {
        this(name, clientKeys, corsOrigins, requestsPerMinute, tokensPerMinute, defaultContextWindow, maxRequestBytes,
                requestLogging, clientRateLimits, modelRateLimits, sharedState, List.of());
    }

    /** These settings with the given path prefixes. */
    public GatewaySettings withPathPrefixes(List<PathPrefix> prefixes) {
        return new GatewaySettings(name, clientKeys, corsOrigins, requestsPerMinute, tokensPerMinute,
                defaultContextWindow, maxRequestBytes, requestLogging, clientRateLimits, modelRateLimits, sharedState,
                prefixes, requestLog, metrics, passthroughProvider);
    }

    /** These settings without their passthrough provider (one that cannot be used). */
    public GatewaySettings withoutPassthrough() {
        return new GatewaySettings(name, clientKeys, corsOrigins, requestsPerMinute, tokensPerMinute,
                defaultContextWindow, maxRequestBytes, requestLogging, clientRateLimits, modelRateLimits, sharedState,
                pathPrefixes, requestLog, metrics, null);
    }

    /** Settings without per-client or per-model limits and without shared state. */
    public GatewaySettings(String name, List<KeyRef> clientKeys, List<String> corsOrigins, Integer requestsPerMinute,
            Integer tokensPerMinute, int defaultContextWindow, long maxRequestBytes, boolean requestLogging) {
        this(name, clientKeys, corsOrigins, requestsPerMinute, tokensPerMinute, defaultContextWindow, maxRequestBytes,
                requestLogging, Map.of(), Map.of(), null);
    }

    /** Whether any request or token limit is set. */
    public boolean rateLimited() {
        return requestsPerMinute != null || tokensPerMinute != null || !clientRateLimits.isEmpty()
                || !modelRateLimits.isEmpty();
    }

    /** The settings of a gateway with no ModelGateway resource. */
    public static GatewaySettings defaults() {
        return new GatewaySettings("default", List.of(), List.of(), null, null,
                DEFAULT_CONTEXT_WINDOW, DEFAULT_MAX_REQUEST_BYTES, true);
    }
}
