package io.modelproxy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.List;
import java.util.Map;

/** The desired state of a ModelGateway. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ModelGatewaySpec(
        @Min(0)
        @JsonPropertyDescription("Number of gateway pods (default 1). A PodDisruptionBudget is added when above 1.")
        Integer replicas,

        @JsonPropertyDescription("Gateway container image (default: the image matching the operator's version).")
        String image,

        @JsonPropertyDescription("Resources of the gateway container.")
        ResourceRequirements resources,

        @JsonPropertyDescription("The Service in front of the gateway pods.")
        GatewayService service,

        @JsonPropertyDescription("Which LogicalModels in the namespace this gateway serves (default: all).")
        LabelSelector modelSelector,

        @JsonPropertyDescription("Client API keys: a Secret whose every entry is one client (entry name = client name, value = key). Without it the gateway only listens on loopback.")
        SecretSource clientKeys,

        @JsonPropertyDescription("Cross-origin access for browser clients.")
        Cors cors,

        @JsonPropertyDescription("Per-client rate limits.")
        RateLimits rateLimits,

        @Min(1)
        @JsonPropertyDescription("Context window reported for models whose window is known nowhere else (default 128000).")
        Integer defaultContextWindow,

        @Min(1024)
        @JsonPropertyDescription("Largest request body accepted, in bytes (default 33554432, 32 MiB).")
        Long maxRequestBytes,

        @JsonPropertyDescription("Request logging.")
        RequestLogging requestLogging,

        @JsonPropertyDescription("State shared by the gateway's replicas: rate-limit budgets and key cooldowns. Without it each replica keeps its own, so a limit applies per replica.")
        SharedState sharedState,

        @JsonPropertyDescription("Where POST /v1 requests go that no LogicalModel serves: other paths (e.g. /v1/files), bodies without a model, and models not served here. Without it they are answered 404.")
        Passthrough passthrough,


        @JsonPropertyDescription("Path prefixes the whole API is also served under, e.g. /team-a: /team-a/v1/chat/completions, /team-a/v1/models. For clients that can only be given a base URL (one per team or tool), each limited to some models. /openai and /anthropic are always served.")
        List<PathPrefix> pathPrefixes,

        @JsonPropertyDescription("The gateway's Prometheus metrics at GET /metrics (OpenTelemetry GenAI names; token usage, durations, time to first token, attempts, fallbacks, cooldowns, circuits, rate-limit refusals).")
        Metrics metrics) {

    /** The gateway's Service. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GatewayService(
            @JsonPropertyDescription("Service type: ClusterIP (default), NodePort or LoadBalancer.")
            ServiceType type,
            @Min(1)
            @Max(65535)
            @JsonPropertyDescription("Service port (default 80).")
            Integer port) {}

    /** Kubernetes Service types the operator can create. */
    public enum ServiceType { ClusterIP, NodePort, LoadBalancer }

    /** CORS settings. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Cors(
            @JsonPropertyDescription("Allowed origins, e.g. https://app.example.com; '*' allows any.")
            List<String> origins) {}

    /** Per-client rate limits. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record RateLimits(
            @Min(1)
            @JsonPropertyDescription("Requests per minute per client.")
            Integer requestsPerMinute,
            @Min(1)
            @JsonPropertyDescription("Tokens (input plus output) per minute per client.")
            Integer tokensPerMinute,
            @JsonPropertyDescription("Overrides by client name (an entry of the clientKeys Secret); a field set here replaces the default above for that client.")
            Map<String, Limit> clients,
            @JsonPropertyDescription("Caps by client-facing model name: each client may use at most this much of that model per minute, within its own limits.")
            Map<String, Limit> models) {}

    /** One set of per-minute limits; an unset field sets no limit of its own. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Limit(
            @Min(1)
            @JsonPropertyDescription("Requests per minute.")
            Integer requestsPerMinute,
            @Min(1)
            @JsonPropertyDescription("Tokens (input plus output) per minute.")
            Integer tokensPerMinute) {}

    /** Where the replicas of a gateway keep the state they share. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SharedState(
            @JsonPropertyDescription("A Redis server (not installed by Model Proxy) holding the rate-limit budgets and key cooldowns.")
            Redis redis,
            @JsonPropertyDescription("What the gateway does while Redis is unreachable: Open (default) serves with each replica's own state, Closed answers 503.")
            FailureMode failureMode) {}

    /** The Redis server of {@link SharedState}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Redis(
            @Required
            @Pattern("^rediss?://[^\\s]+$")
            @JsonPropertyDescription("redis://host:port (or rediss:// for TLS), optionally with /database. No password here: use passwordSecretRef.")
            String url,
            @JsonPropertyDescription("The Secret entry holding the Redis password (name and key).")
            SecretKeyRef passwordSecretRef,
            @Pattern("^[A-Za-z0-9:_.-]*$")
            @JsonPropertyDescription("Prefix of every Redis key the gateway writes (default modelproxy:<gateway name>:), so several gateways can share one Redis.")
            String keyPrefix) {}

    /** The provider of requests no LogicalModel serves. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Passthrough(
            @Required
            @JsonPropertyDescription("Name of a Provider in the same namespace: the request goes to its base URL with the path after /v1 and the body as it came, with the Provider's keys, cooldowns and error policy.")
            String provider) {}

    /** A path prefix of the API and the models served under it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PathPrefix(
            @Required
            @Pattern("^(/[A-Za-z0-9._~-]+)+$")
            @JsonPropertyDescription("The prefix: '/' and one or more path segments, no trailing '/', e.g. /team-a or /tools/ci. Not /v1, /openai, /anthropic or a path the gateway serves itself (/health, /metrics, /docs, /setup).")
            String prefix,
            @JsonPropertyDescription("Which of the gateway's LogicalModels are served under the prefix, by their labels (default: all of them). Requests for other models are answered 404, and GET <prefix>/v1/models lists only these.")
            LabelSelector modelSelector) {}

    /** Behaviour while shared state is unreachable. */
    public enum FailureMode { Open, Closed }

    /** Request logging settings. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RequestLogging(
            @JsonPropertyDescription("Write one record per request to the sinks below: client, model, route, attempts, status, latency, tokens (default true). The in-memory buffer of recent requests that the admin UI reads is kept either way.")
            Boolean enabled,
            @JsonPropertyDescription("The line on the gateway's console: Text (default) is the access log line on the io.modelproxy.access logger; Json is one JSON record per line on stdout.")
            LogFormat format,
            @Pattern("^\\S.*$")
            @JsonPropertyDescription("Also append JSON records, one per line, to this file, rotated by size (maxFileBytes; three rotated files are kept as FILE.1 to FILE.3).")
            String file,
            @Min(1024)
            @JsonPropertyDescription("Size at which the file is rotated, in bytes (default 104857600, 100 MiB).")
            Long maxFileBytes,
            @Pattern("^\\S.*$")
            @JsonPropertyDescription("Also write the records to this SQLite database file (table request_log, created when missing), in batches off the request path; when the writer falls behind, records are dropped and counted, never waited for.")
            String sqlite,
            @JsonPropertyDescription("Also log request and response bodies (default false), with API keys and Authorization headers removed. Bodies hold prompts: turn on for debugging only.")
            Boolean bodies) {}

    /** How the console record of a request is written. */
    public enum LogFormat { Text, Json }

    /** Metrics settings. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Metrics(
            @JsonPropertyDescription("Serve GET /metrics on the gateway's port without a client key, as Prometheus expects (default true); the operator then adds the prometheus.io scrape annotations to the gateway pods. false: /metrics answers 404.")
            Boolean enabled) {}
}
