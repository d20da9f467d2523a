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

        @JsonPropertyDescription("Send each request to another LogicalModel by its difficulty (easy, medium, hard), as a classifier judges it; when the classifier is slow, failing or unsure, the request is served by this model's own routes.")
        DifficultyRouting difficultyRouting,

        @Size(min = 1)
        @JsonPropertyDescription("What the model serves (default [Chat]): Chat (/v1/chat/completions, /v1/responses, /v1/messages, count_tokens; any provider), Embeddings (/v1/embeddings), Transcription (/v1/audio/transcriptions) and Translation (/v1/audio/translations), the last three on OpenAI-compatible and Mock providers only. A request for another operation is refused with 400; routes and fallbacks that cannot serve a request's operation are skipped. Other /v1 paths naming the model (e.g. /v1/completions) reach its routes whatever this says.")
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

    /** Difficulty routing: a classifier judges each request, and a difficulty may name another model to serve it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DifficultyRouting(
            @Required
            @JsonPropertyDescription("What judges a request's difficulty: another LogicalModel, or local rules.")
            Classifier classifier,
            @JsonPropertyDescription("The LogicalModel (by modelName or alias) that serves each difficulty; a difficulty without one is served by this model's own routes. A target's own difficultyRouting is not applied again.")
            Targets targets,
            @JsonPropertyDescription("Remember the decision per conversation (a hash of the system prompt and the first user message), so a multi-turn agent stays on one model and keeps its prompt cache (default true).")
            Boolean sticky,
            @Min(1)
            @Max(86400)
            @JsonPropertyDescription("How long a conversation's decision is remembered, in seconds (default 600).")
            Integer stickySeconds,
            @JsonPropertyDescription("Add x-model-proxy-original-model, -selected-model, -difficulty and -routing-ms to every routed answer (default true).")
            Boolean exposeHeaders) {}

    /** The classifier of difficulty routing: exactly one of model and heuristic. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @ValidationRule(value = "has(self.model) != has(self.heuristic)", message = "set exactly one of model and heuristic")
    public record Classifier(
            @JsonPropertyDescription("A LogicalModel (by modelName or alias) asked, through the gateway, whether the request is easy, medium or hard; its answer is the first of those words in its reply.")
            String model,
            @JsonPropertyDescription("Local rules over the last user message, the turns and the tools, with these thresholds.")
            Heuristic heuristic,
            @Min(1)
            @Max(60000)
            @JsonPropertyDescription("Time budget of one classification in milliseconds, retries included; past it the request is served by this model's own routes (default 2000).")
            Integer timeoutMillis,
            @Min(0)
            @Max(5)
            @JsonPropertyDescription("How often a failed classifier call (an error or an answer that is none of easy, medium, hard) is retried within the time budget (default 2).")
            Integer retries,
            @Min(0)
            @Max(10000)
            @JsonPropertyDescription("Wait before the first retry in milliseconds, doubled for each further retry (default 100).")
            Integer backoffMillis) {}

    /**
     * Heuristic thresholds. A request is hard when any hard threshold is reached or a hard keyword appears,
     * easy when it stays within every easy limit and carries no code, medium otherwise.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Heuristic(
            @Min(0)
            @JsonPropertyDescription("Longest last user message (characters) that can still be easy (default 400).")
            Integer easyMaxChars,
            @Min(1)
            @JsonPropertyDescription("Last user message length (characters) from which a request is hard (default 4000).")
            Integer hardMinChars,
            @Min(1)
            @JsonPropertyDescription("Most messages (user and assistant turns) a request can have and still be easy (default 2).")
            Integer easyMaxTurns,
            @Min(1)
            @JsonPropertyDescription("Number of messages from which a request is hard (default 20).")
            Integer hardMinTurns,
            @Min(0)
            @JsonPropertyDescription("Most tools a request can offer and still be easy (default 0).")
            Integer easyMaxTools,
            @Min(1)
            @JsonPropertyDescription("Number of tools from which a request is hard (default 16).")
            Integer hardMinTools,
            @JsonPropertyDescription("Words that make a request hard when the last user message contains one, case-insensitive (default: refactor, architecture, prove, optimize, concurrency, security, debug).")
            List<String> hardKeywords) {}

    /** The LogicalModel serving each difficulty. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Targets(
            @JsonPropertyDescription("The LogicalModel for easy requests.")
            String easy,
            @JsonPropertyDescription("The LogicalModel for medium requests.")
            String medium,
            @JsonPropertyDescription("The LogicalModel for hard requests.")
            String hard) {}
}
