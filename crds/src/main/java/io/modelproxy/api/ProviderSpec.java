package io.modelproxy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

/** The desired state of a Provider. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(value = "self.protocol == 'Mock' || has(self.baseUrl)", message = "baseUrl is required (only protocol Mock has none)")
@ValidationRule(value = "!has(self.mock) || self.protocol == 'Mock'", message = "mock applies only to protocol Mock")
public record ProviderSpec(
        @Required
        @JsonPropertyDescription("Wire format the upstream speaks: OpenAIChat, OpenAIResponses or AnthropicMessages; Mock answers locally with no upstream and no keys (see mock).")
        Dialect protocol,

        @Pattern("^https?://[^\\s/$.?#].[^\\s]*$")
        @JsonPropertyDescription("Base URL of the API, without the endpoint path, e.g. https://api.groq.com/openai/v1 or https://api.anthropic.com/v1.")
        String baseUrl,

        @JsonPropertyDescription("How the key is sent. Defaults by protocol: 'Authorization: Bearer <key>' for OpenAI protocols, 'x-api-key: <key>' for AnthropicMessages.")
        ProviderAuth auth,

        @JsonPropertyDescription("API keys, as Secret references: one key of a Secret, or every key of it in key order. The gateway rotates them and cools down failing ones. Empty: forward the client's own credential upstream.")
        List<SecretSource> apiKeys,

        @JsonPropertyDescription("Extra static headers sent with every upstream request (e.g. anthropic-version, HTTP-Referer). Do not put keys here: use apiKeys.")
        Map<String, String> headers,

        @Min(1)
        @Max(3600)
        @JsonPropertyDescription("Upstream timeout in seconds, for the whole exchange (default 60; streams only count time to the first byte and idle gaps).")
        Integer timeoutSeconds,

        @Min(0)
        @JsonPropertyDescription("Cooldown in seconds for a rate-limited key when the upstream sends no Retry-After (default 60).")
        Integer cooldownSeconds,

        @Min(0)
        @JsonPropertyDescription("Cooldown in seconds for a key the upstream rejected as invalid, forbidden or out of credit (default 3600).")
        Integer authFailureCooldownSeconds,

        @Pattern("^https?://[^\\s]+$")
        @JsonPropertyDescription("Outbound HTTP proxy for upstream calls, e.g. http://proxy.internal:3128.")
        String proxy,

        @JsonPropertyDescription("How the gateway speaks HTTP to the upstream.")
        Http http,

        @JsonPropertyDescription("Overrides of the default error policy, matched before it: the first rule whose status (and bodyContains, if set) matches decides the action.")
        List<ErrorPolicyRule> errorPolicy,

        @JsonPropertyDescription("Catalog metadata for upstream models (context windows, output limits), used by GET /v1/models and to clamp max tokens.")
        List<ProviderModel> models,

        @JsonPropertyDescription("Discovery of context windows from the upstream's GET {baseUrl}/models.")
        Discovery discovery,

        @JsonPropertyDescription("The answers of a Mock provider (protocol Mock only): chat in every client dialect, streamed or not, with usage; embeddings as unit vectors that depend only on the input text (256 dimensions unless the request asks for others); audio transcriptions and translations as the reply, else a sentence naming the upload's size, in every response_format.")
        Mock mock) {

    /** How the API key is presented to the upstream. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ProviderAuth(
            @Pattern("^[A-Za-z0-9-]+$")
            @JsonPropertyDescription("Header that carries the key, e.g. Authorization or x-api-key.")
            String header,
            @JsonPropertyDescription("Scheme written before the key, e.g. Bearer. Empty for none.")
            String scheme) {}

    /** How the gateway speaks HTTP to the upstream. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Http(
            @JsonPropertyDescription("HTTP version of upstream connections. Auto (default): HTTP/2 where the upstream offers it: by ALPN over https; over http the first connection to an address tries the HTTP/2 preface, then an HTTP/1.1 upgrade request, then plain HTTP/1.1, and the outcome is remembered. HTTP1: HTTP/1.1 only, with no HTTP/2 attempt or upgrade: for in-cluster http:// servers that speak only HTTP/1.1, such as vLLM or Ollama. HTTP2: HTTP/2 only, by ALPN over https and with prior knowledge (h2c) over http.")
            HttpVersion version) {}

    /** One rule of a Provider's error policy. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ErrorPolicyRule(
            @Required
            @JsonPropertyDescription("HTTP statuses this rule applies to, e.g. [429, 529].")
            List<@Min(100) @Max(599) Integer> status,
            @JsonPropertyDescription("Only match when the upstream error body contains this text (case-insensitive), e.g. 'credit balance is too low'.")
            String bodyContains,
            @Required
            @JsonPropertyDescription("What to do: RetryNextKey, CooldownKeyForModel, CooldownKeyForProvider, FallBack or Return.")
            ErrorAction action,
            @Min(0)
            @JsonPropertyDescription("Cooldown in seconds for this rule, when no Retry-After header says otherwise.")
            Integer cooldownSeconds) {}

    /** Catalog metadata for one upstream model. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ProviderModel(
            @Required
            @JsonPropertyDescription("Upstream model id, as the provider names it.")
            String name,
            @Min(1)
            @JsonPropertyDescription("Context window in tokens.")
            Integer contextWindow,
            @Min(1)
            @JsonPropertyDescription("Largest number of output tokens the model accepts.")
            Integer maxOutputTokens) {}

    /** Discovery of the upstream model catalog. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Discovery(
            @JsonPropertyDescription("Fetch GET {baseUrl}/models to learn context windows (default true).")
            Boolean enabled,
            @Min(1)
            @JsonPropertyDescription("How long a fetched catalog is cached, in seconds (default 3600).")
            Integer ttlSeconds,
            @Min(1)
            @JsonPropertyDescription("How long GET /v1/models waits for a first fetch, in milliseconds (default 2000).")
            Integer timeoutMillis) {}

    /** How a Mock provider answers. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Mock(
            @JsonPropertyDescription("The text of every answer (default: the last user message, echoed; after a tool result, that result).")
            String reply,
            @Min(0)
            @Max(600000)
            @JsonPropertyDescription("Delay before the answer starts, in milliseconds (default 0).")
            Integer latencyMillis,
            @Min(1)
            @JsonPropertyDescription("Characters per text delta of a streamed answer (default 8).")
            Integer chunkChars) {}
}
