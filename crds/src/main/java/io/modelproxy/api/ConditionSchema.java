package io.modelproxy.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The schema of one status condition, as the CRDs publish it for {@code kubectl explain}: the same
 * fields as Kubernetes' {@code metav1.Condition} (what the operator writes), each described.
 */
record ConditionSchema(
        @JsonPropertyDescription("The aspect this condition reports: Ready (the object is in use as written; for a ModelGateway, its pods serve a config) or ResolvedRefs (every object it references was found and accepted).")
        String type,
        @JsonPropertyDescription("True, False or Unknown.")
        String status,
        @JsonPropertyDescription("A CamelCase word for why the status is what it is, for example ProviderNotFound, SecretNotFound, FallbackCycle or ObjectsHeldBack.")
        String reason,
        @JsonPropertyDescription("What a person needs to know about the reason: the missing object, the problem found, or the generation still served.")
        String message,
        @JsonPropertyDescription("When status last changed, in RFC 3339.")
        String lastTransitionTime,
        @JsonPropertyDescription("The metadata.generation this condition was computed for.")
        Long observedGeneration) {
}
