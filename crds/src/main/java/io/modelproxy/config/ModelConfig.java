package io.modelproxy.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.modelproxy.api.ModelOperation;
import io.modelproxy.api.Strategy;
import java.util.List;

/**
 * A resolved LogicalModel.
 *
 * @param name the client-facing id
 * @param fallbacks other models' canonical names (aliases resolved), in order
 * @param contextWindow explicit context window, or null to resolve it at run time
 * @param defaultMaxTokens output cap for upstreams that require one when the client sets none
 * @param timeoutSeconds budget until the first byte reaches the client, across attempts
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
        List<ModelOperation> operations) {

    public ModelConfig {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        routes = List.copyOf(routes);
        fallbacks = fallbacks == null ? List.of() : List.copyOf(fallbacks);
        operations = ConfigDefaults.operations(operations);
    }

    /** A chat model (the operations' default). */
    public ModelConfig(String name, List<String> aliases, Integer contextWindow, int defaultMaxTokens,
            int timeoutSeconds, Strategy strategy, List<Route> routes, List<String> fallbacks,
            SystemPrompt systemPrompt, ToolCallEnforcement toolCallEnforcement) {
        this(name, aliases, contextWindow, defaultMaxTokens, timeoutSeconds, strategy, routes, fallbacks, systemPrompt,
                toolCallEnforcement, null);
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
}
