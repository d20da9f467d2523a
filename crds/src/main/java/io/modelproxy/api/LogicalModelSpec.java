package io.modelproxy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** The desired state of a LogicalModel. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
        value = "!has(self.strategy) || self.strategy != 'Weighted' || self.routes.all(r, has(r.weight) && r.weight > 0)",
        message = "strategy Weighted needs a weight greater than 0 on every route")
@ValidationRule(
        value = "!has(self.fallbacks) || !has(self.modelName) || !(self.modelName in self.fallbacks)",
        message = "a LogicalModel cannot fall back to itself")
public record LogicalModelSpec(
        @JsonPropertyDescription("Client-facing model id (default: metadata.name). Ids such as openai/gpt-4o are allowed.")
        String modelName,

        @JsonPropertyDescription("Other ids clients may use for this model.")
        List<String> aliases,

        @Min(1)
        @JsonPropertyDescription("Context window advertised by GET /v1/models, overriding discovery and provider metadata.")
        Integer contextWindow,

        @Min(1)
        @JsonPropertyDescription("Output token cap sent to upstreams that require one (Anthropic) when the client sets none; clamped to the model's known limit (default 4096).")
        Integer defaultMaxTokens,

        @Min(1)
        @Max(3600)
        @JsonPropertyDescription("Time budget in seconds for a whole request, across retries and fallbacks, until the first byte reaches the client (default 120).")
        Integer timeoutSeconds,

        @JsonPropertyDescription("How routes are picked: Ordered (first to last) or Weighted (random by weight, then the rest by weight).")
        Strategy strategy,

        @Required
        @Size(min = 1)
        @JsonPropertyDescription("Upstream provider models that can serve this model.")
        List<Route> routes,

        @JsonPropertyDescription("Other LogicalModels (by modelName or alias) tried in order when every route of this one failed.")
        List<String> fallbacks,

        @JsonPropertyDescription("Edits applied to the system prompt before the request goes upstream.")
        SystemPromptEdits systemPrompt,

        @JsonPropertyDescription("Make the model answer with a tool call (or a termination flag), retrying with a correction when it does not.")
        ToolCallEnforcement toolCallEnforcement,

        @Size(min = 1)
        @JsonPropertyDescription("What the model serves (default [Chat]): Chat (/v1/chat/completions, /v1/responses, /v1/messages, count_tokens; any provider), Embeddings (/v1/embeddings), Transcription (/v1/audio/transcriptions) and Translation (/v1/audio/translations), the last three on OpenAI-compatible providers only. A request for another operation is refused with 400; routes and fallbacks that cannot serve a request's operation are skipped. Other /v1 paths naming the model (e.g. /v1/completions) reach its routes whatever this says.")
        List<ModelOperation> operations) {

    /** One upstream model that can serve a LogicalModel. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Route(
            @Required
            @JsonPropertyDescription("Name of a Provider in the same namespace.")
            String provider,
            @Required
            @JsonPropertyDescription("Upstream model id sent to the provider.")
            String model,
            @Min(0)
            @JsonPropertyDescription("Relative weight for the Weighted strategy (default 1).")
            Integer weight,
            @Min(1)
            @JsonPropertyDescription("Context window of this route, overriding discovery and provider metadata.")
            Integer contextWindow,
            @Min(1)
            @JsonPropertyDescription("Largest output token count this route accepts; max tokens are clamped to it.")
            Integer maxOutputTokens,
            @Min(1)
            @Max(3600)
            @JsonPropertyDescription("Upstream timeout in seconds for this route, overriding the Provider's.")
            Integer timeoutSeconds) {}

    /** Edits to the system prompt. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record SystemPromptEdits(
            @JsonPropertyDescription("Literal text replacements applied in order to every system prompt text.")
            List<Replacement> replacements,
            @JsonPropertyDescription("Text appended to the system prompt (added as a system prompt when there is none).")
            String append) {}

    /** One literal replacement in the system prompt. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Replacement(
            @Required
            @JsonPropertyDescription("Text to find (literal, not a pattern).")
            String find,
            @JsonPropertyDescription("Text to put in its place (empty removes it).")
            String replace) {}

    /** Tool-call enforcement, for agents that must always act through tools. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ToolCallEnforcement(
            @JsonPropertyDescription("Turn enforcement on for requests that carry tools (default false). Clients may override per request with the x-model-proxy-tool-enforcement header (on|off).")
            Boolean enabled,
            @Min(0)
            @Max(10)
            @JsonPropertyDescription("How many times a reply without a tool call is retried with a correction (default 2).")
            Integer maxRetries,
            @JsonPropertyDescription("Text the model may answer with instead of a tool call to say it is done; stripped from the reply (default [[TASK_COMPLETE]]).")
            String terminationFlag,
            @JsonPropertyDescription("Guidance added to the system prompt; the default explains the tool-call rule and the termination flag.")
            String guidance) {}
}
