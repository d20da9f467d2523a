package io.modelproxy.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.modelproxy.api.ModelOperation;
import io.modelproxy.api.Strategy;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A resolved LogicalModel.
 *
 * @param name the client-facing id
 * @param fallbacks other models' canonical names (aliases resolved), in order
 * @param contextWindow explicit context window, or null to resolve it at run time
 * @param defaultMaxTokens output cap for upstreams that require one when the client sets none
 * @param timeoutSeconds budget until the first byte reaches the client, across attempts
 * @param difficultyRouting null when the model routes every request to its own routes
 * @param operations what the model serves; null or empty reads as chat only
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelConfig(
        String name,
        List<String> aliases,
        Integer contextWindow,
        int defaultMaxTokens,
        int timeoutSeconds,
        Strategy strategy,
        List<Route> routes,
        List<String> fallbacks,
        SystemPrompt systemPrompt,
        ToolCallEnforcement toolCallEnforcement,
        DifficultyRouting difficultyRouting,
        List<ModelOperation> operations) {

    public ModelConfig {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        routes = List.copyOf(routes);
        fallbacks = fallbacks == null ? List.of() : List.copyOf(fallbacks);
        operations = ConfigDefaults.operations(operations);
    }

    /** A chat model (the operations' default) without difficulty routing. */
    public ModelConfig(String name, List<String> aliases, Integer contextWindow, int defaultMaxTokens,
            int timeoutSeconds, Strategy strategy, List<Route> routes, List<String> fallbacks,
            SystemPrompt systemPrompt, ToolCallEnforcement toolCallEnforcement) {
        this(name, aliases, contextWindow, defaultMaxTokens, timeoutSeconds, strategy, routes, fallbacks, systemPrompt,
                toolCallEnforcement, null, null);
    }

    /** Whether the model serves an operation. */
    public boolean serves(ModelOperation operation) {
        return operations.contains(operation);
    }

    /** One upstream model serving this model; provider names a {@link ProviderConfig}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Route(
            String provider,
            String model,
            int weight,
            Integer contextWindow,
            Integer maxOutputTokens,
            Integer timeoutSeconds) {}

    /** System prompt edits: literal replacements in order, then an appended text. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SystemPrompt(List<Replacement> replacements, String append) {
        public SystemPrompt {
            replacements = replacements == null ? List.of() : List.copyOf(replacements);
        }

        /** One literal replacement. */
        public record Replacement(String find, String replace) {}
    }

    /** Tool-call enforcement with defaults applied. */
    public record ToolCallEnforcement(boolean enabled, int maxRetries, String terminationFlag, String guidance) {}

    /**
     * Difficulty routing with defaults applied.
     *
     * @param targets canonical model names by difficulty ({@code easy}, {@code medium}, {@code hard});
     *     a difficulty not in it is served by the model's own routes
     * @param stickySeconds 0 when decisions are not remembered
     */
    public record DifficultyRouting(Classifier classifier, Map<String, String> targets, int stickySeconds,
            boolean exposeHeaders) {
        public DifficultyRouting {
            targets = targets == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(targets));
        }
    }

    /**
     * The classifier: a model's canonical name, or heuristic thresholds.
     *
     * @param timeoutMillis budget of one classification, retries included
     * @param backoffMillis wait before the first retry, doubled for each further one
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Classifier(String model, Heuristic heuristic, int timeoutMillis, int retries, int backoffMillis) {}

    /** Heuristic thresholds; see the LogicalModel's {@code difficultyRouting.classifier.heuristic}. */
    public record Heuristic(int easyMaxChars, int hardMinChars, int easyMaxTurns, int hardMinTurns, int easyMaxTools,
            int hardMinTools, List<String> hardKeywords) {
        public Heuristic {
            hardKeywords = hardKeywords == null ? List.of() : List.copyOf(hardKeywords);
        }
    }
}
