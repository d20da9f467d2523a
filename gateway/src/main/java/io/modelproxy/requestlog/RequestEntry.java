package io.modelproxy.requestlog;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The record of one API request, as every sink writes it. Never holds a key value; bodies only when
 * {@code spec.requestLogging.bodies} is on, and then with keys and credentials removed.
 *
 * @param time when the request arrived
 * @param client the client's name, {@code -} before authentication
 * @param model the model id the client asked for, {@code -} when the body had none
 * @param logicalModel the LogicalModel it resolved to, null when none
 * @param route the route of the last attempt ({@code provider/model}), null when none was made
 * @param provider the provider of the last attempt, null when none
 * @param upstreamModel the upstream model of the last attempt, null when none
 * @param attempts every upstream attempt, in order
 * @param outcome {@code ok}, {@code error} (an error answer) or {@code client_closed} (the client went away first)
 * @param errorType the error's kind when not ok: the HTTP status, or {@code client_closed}; null when ok
 * @param ttftMillis time to the first byte of the body of a streamed answer; -1 when not a stream or none came
 * @param inputTokens -1 when unknown (likewise the other token counts)
 * @param usage {@code reported} by the upstream, {@code estimated} by the gateway, or {@code none}
 * @param requestHeaders the client's headers without credentials, only when bodies are logged; else null
 */
public record RequestEntry(
        Instant time,
        long generation,
        String method,
        String path,
        String dialect,
        String client,
        String model,
        String logicalModel,
        String route,
        String provider,
        String upstreamModel,
        boolean stream,
        int status,
        String outcome,
        String errorType,
        List<Attempt> attempts,
        long bytesIn,
        long bytesOut,
        long latencyMillis,
        long ttftMillis,
        long inputTokens,
        long outputTokens,
        long cachedTokens,
        long reasoningTokens,
        String usage,
        Map<String, String> requestHeaders,
        String requestBody,
        String responseBody) {

    /**
     * One upstream attempt.
     *
     * @param key the key used, by name ({@code secret/key}); null when the client's credential was forwarded
     * @param status the upstream's HTTP status; 0 when it never answered
     * @param outcome {@code committed} (the client got this answer) or what the error policy did:
     *     {@code Return}, {@code RetryNextKey}, {@code CooldownKeyForModel}, {@code CooldownKeyForProvider},
     *     {@code FallBack}, or {@code failed} (connect error, timeout, broken answer)
     */
    public record Attempt(String route, String provider, String model, String key, int status, String outcome,
            long latencyMillis) {}

    /** The status class as metrics label it: {@code 2xx} … {@code 5xx}, {@code client_closed}. */
    public String statusClass() {
        return "client_closed".equals(outcome) ? "client_closed" : (status / 100) + "xx";
    }
}
