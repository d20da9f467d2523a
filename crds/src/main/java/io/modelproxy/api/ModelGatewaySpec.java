package io.modelproxy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.List;

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
        RequestLogging requestLogging) {

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
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RateLimits(
            @Min(1)
            @JsonPropertyDescription("Requests per minute per client.")
            Integer requestsPerMinute,
            @Min(1)
            @JsonPropertyDescription("Tokens (input plus output) per minute per client.")
            Integer tokensPerMinute) {}

    /** Request logging settings. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RequestLogging(
            @JsonPropertyDescription("Log one line per request: client, model, route, status, latency (default true). Bodies and keys are never logged.")
            Boolean enabled) {}
}
