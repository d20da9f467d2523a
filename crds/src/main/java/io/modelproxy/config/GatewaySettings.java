package io.modelproxy.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

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
        boolean requestLogging) {

    public static final int DEFAULT_CONTEXT_WINDOW = 128_000;
    public static final long DEFAULT_MAX_REQUEST_BYTES = 32L * 1024 * 1024;

    public GatewaySettings {
        clientKeys = clientKeys == null ? List.of() : List.copyOf(clientKeys);
        corsOrigins = corsOrigins == null ? List.of() : List.copyOf(corsOrigins);
    }

    /** The settings of a gateway with no ModelGateway resource. */
    public static GatewaySettings defaults() {
        return new GatewaySettings("default", List.of(), List.of(), null, null,
                DEFAULT_CONTEXT_WINDOW, DEFAULT_MAX_REQUEST_BYTES, true);
    }
}
