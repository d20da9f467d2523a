package io.modelproxy.config;

import io.modelproxy.api.Dialect;
import io.modelproxy.api.LogicalModelSpec;
import io.modelproxy.api.ModelOperation;
import io.modelproxy.api.Strategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every default of a GatewayConfig, in one place: the compiler applies them to manifests and
 * {@link ConfigFile} to the fields a hand-written config leaves out, so a provider behaves the same
 * whichever way it was written. The gateway applies none of its own; its tests build configs in code
 * with the public numbers below, so they run with what users get.
 */
public final class ConfigDefaults {
    public static final int MODEL_TIMEOUT_SECONDS = 120;
    public static final int MAX_TOKENS = 4096;
    static final int TOOL_RETRIES = 2;
    static final String TERMINATION_FLAG = "[[TASK_COMPLETE]]";
    static final int WEIGHT = 1;
    public static final int PROVIDER_TIMEOUT_SECONDS = 60;
    public static final int COOLDOWN_SECONDS = 60;
    public static final int AUTH_FAILURE_COOLDOWN_SECONDS = 3600;
    static final String ANTHROPIC_VERSION_HEADER = "anthropic-version";
    static final String ANTHROPIC_VERSION = "2023-06-01";
    static final int DISCOVERY_TTL_SECONDS = 3600;
    static final int DISCOVERY_TIMEOUT_MILLIS = 2000;
    static final int CLASSIFIER_TIMEOUT_MILLIS = 2000;
    static final int CLASSIFIER_RETRIES = 2;
    static final int CLASSIFIER_BACKOFF_MILLIS = 100;
    static final int STICKY_SECONDS = 600;
    static final ModelConfig.Heuristic HEURISTIC = new ModelConfig.Heuristic(400, 4000, 2, 20, 0, 16,
            List.of("refactor", "architecture", "prove", "optimize", "concurrency", "security", "debug"));
    static final int MOCK_CHUNK_CHARS = 8;

    private ConfigDefaults() {}

    static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    /** A model's operations without repeats, in the order given; none given: chat. */
    static List<ModelOperation> operations(List<ModelOperation> given) {
        return given == null || given.isEmpty() ? List.of(ModelOperation.Chat)
                : given.stream().filter(java.util.Objects::nonNull).distinct().toList();
    }

    static Strategy strategy(Strategy given) {
        return given == null ? Strategy.Ordered : given;
    }

    static ModelConfig.ToolCallEnforcement toolCallEnforcement(Boolean enabled, Integer maxRetries,
            String terminationFlag, String guidance) {
        return new ModelConfig.ToolCallEnforcement(enabled != null && enabled, orDefault(maxRetries, TOOL_RETRIES),
                terminationFlag == null ? TERMINATION_FLAG : terminationFlag, guidance);
    }

    private static String defaultHeader(Dialect protocol) {
        return protocol == Dialect.AnthropicMessages ? "x-api-key" : "Authorization";
    }

    /** The header that carries the key: the given one, else x-api-key for Anthropic and Authorization otherwise. */
    static String authHeader(Dialect protocol, String header) {
        return header != null ? header : defaultHeader(protocol);
    }

    /**
     * An explicit scheme wins (empty means none). Otherwise Bearer, for OpenAI protocols on their default
     * header only: a custom header such as x-goog-api-key carries the bare key. Empty, never null, for
     * none: a compiled config says so explicitly, so reading it back applies no default.
     */
    static String authScheme(Dialect protocol, String header, String scheme) {
        if (scheme != null) {
            return scheme;
        }
        boolean defaultHeader = authHeader(protocol, header).equalsIgnoreCase(defaultHeader(protocol));
        return defaultHeader && protocol != Dialect.AnthropicMessages ? "Bearer" : "";
    }

    /** The given headers (case-insensitive), plus anthropic-version for Anthropic unless set. */
    static Map<String, String> headers(Dialect protocol, Map<String, String> given) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (given != null) {
            headers.putAll(given);
        }
        if (protocol == Dialect.AnthropicMessages) {
            headers.putIfAbsent(ANTHROPIC_VERSION_HEADER, ANTHROPIC_VERSION);
        }
        return headers;
    }

    /** A Provider's overrides, then the default table: the full policy the gateway matches in order. */
    static List<ProviderConfig.ErrorRule> errorPolicy(List<ProviderConfig.ErrorRule> overrides) {
        List<ProviderConfig.ErrorRule> rules = new ArrayList<>(overrides);
        rules.addAll(ProviderConfig.DEFAULT_ERROR_POLICY);
        return rules;
    }

    static ProviderConfig.Discovery discovery(Boolean enabled, Integer ttlSeconds, Integer timeoutMillis) {
        return new ProviderConfig.Discovery(enabled == null || enabled, orDefault(ttlSeconds, DISCOVERY_TTL_SECONDS),
                orDefault(timeoutMillis, DISCOVERY_TIMEOUT_MILLIS));
    }

    static ModelConfig.DifficultyRouting difficultyRouting(LogicalModelSpec.DifficultyRouting given,
            String classifierModel, Map<String, String> targets) {
        LogicalModelSpec.Classifier c = given.classifier();
        ModelConfig.Classifier classifier = new ModelConfig.Classifier(classifierModel,
                c.heuristic() == null ? null : heuristic(c.heuristic()),
                orDefault(c.timeoutMillis(), CLASSIFIER_TIMEOUT_MILLIS), orDefault(c.retries(), CLASSIFIER_RETRIES),
                orDefault(c.backoffMillis(), CLASSIFIER_BACKOFF_MILLIS));
        boolean sticky = given.sticky() == null || given.sticky();
        return new ModelConfig.DifficultyRouting(classifier, targets,
                sticky ? orDefault(given.stickySeconds(), STICKY_SECONDS) : 0,
                given.exposeHeaders() == null || given.exposeHeaders());
    }

    static ModelConfig.Heuristic heuristic(LogicalModelSpec.Heuristic h) {
        ModelConfig.Heuristic d = HEURISTIC;
        return new ModelConfig.Heuristic(orDefault(h.easyMaxChars(), d.easyMaxChars()),
                orDefault(h.hardMinChars(), d.hardMinChars()), orDefault(h.easyMaxTurns(), d.easyMaxTurns()),
                orDefault(h.hardMinTurns(), d.hardMinTurns()), orDefault(h.easyMaxTools(), d.easyMaxTools()),
                orDefault(h.hardMinTools(), d.hardMinTools()), h.hardKeywords() == null ? d.hardKeywords() : h.hardKeywords());
    }

    /** A Mock provider's answers: the given reply (null echoes), no latency, 8 characters per streamed delta. */
    static ProviderConfig.Mock mock(String reply, Integer latencyMillis, Integer chunkChars) {
        return new ProviderConfig.Mock(reply, orDefault(latencyMillis, 0), orDefault(chunkChars, MOCK_CHUNK_CHARS));
    }
}
