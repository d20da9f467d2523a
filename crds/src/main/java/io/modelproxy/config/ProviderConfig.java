package io.modelproxy.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.modelproxy.api.ErrorAction;
import io.modelproxy.api.Dialect;
import io.modelproxy.api.HttpVersion;
import java.util.List;
import java.util.Map;

/**
 * A resolved Provider.
 *
 * @param authScheme written before the key, e.g. {@code Bearer}; empty for none
 * @param keys the keys in rotation order; empty means the client's own credential is forwarded
 * @param errorPolicy the full policy, the Provider's overrides first, then the default table
 * @param httpVersion the HTTP version of upstream connections; {@link HttpVersion#Auto} when not given
 * @param mock how a {@link Dialect#Mock} provider answers; null for every other protocol
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProviderConfig(
        String name,
        Dialect protocol,
        String baseUrl,
        String authHeader,
        String authScheme,
        List<KeyRef> keys,
        Map<String, String> headers,
        int timeoutSeconds,
        int cooldownSeconds,
        int authFailureCooldownSeconds,
        String proxy,
        HttpVersion httpVersion,
        List<ErrorRule> errorPolicy,
        List<ModelInfo> models,
        Discovery discovery,
        Mock mock) {

    /**
     * The default error policy of DESIGN.md, matched after a Provider's own rules. Other 4xx match
     * nothing and go back to the client; connect errors and timeouts before the first byte fall back.
     */
    public static final List<ErrorRule> DEFAULT_ERROR_POLICY = List.of(
            new ErrorRule(List.of(401, 402, 403), null, ErrorAction.CooldownKeyForProvider, null),
            new ErrorRule(List.of(400), "credit balance is too low", ErrorAction.CooldownKeyForProvider, null),
            new ErrorRule(List.of(429), "insufficient_quota", ErrorAction.CooldownKeyForProvider, null),
            new ErrorRule(List.of(429, 529), null, ErrorAction.CooldownKeyForModel, null),
            new ErrorRule(List.of(408, 500, 502, 503, 504), null, ErrorAction.FallBack, null),
            new ErrorRule(List.of(404), null, ErrorAction.FallBack, null));

    public ProviderConfig {
        keys = keys == null ? List.of() : List.copyOf(keys);
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        httpVersion = httpVersion == null ? HttpVersion.Auto : httpVersion;
        errorPolicy = errorPolicy == null ? List.of() : List.copyOf(errorPolicy);
        models = models == null ? List.of() : List.copyOf(models);
    }

    /**
     * One error-policy rule.
     *
     * @param status statuses it matches
     * @param bodyContains optional case-insensitive text the error body must contain
     * @param cooldownSeconds cooldown when no Retry-After says otherwise; null: the provider's default for the action
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ErrorRule(List<Integer> status, String bodyContains, ErrorAction action, Integer cooldownSeconds) {
        public ErrorRule {
            status = List.copyOf(status);
        }
    }

    /** Catalog metadata of one upstream model. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ModelInfo(String name, Integer contextWindow, Integer maxOutputTokens) {}

    /**
     * The answers of a Mock provider.
     *
     * @param reply the text of every answer; null echoes the last user message
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Mock(String reply, int latencyMillis, int chunkChars) {}

    /** Upstream catalog discovery ({@code GET {baseUrl}/models}). */
    public record Discovery(boolean enabled, int ttlSeconds, int timeoutMillis) {}
}
