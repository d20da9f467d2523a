package io.modelproxy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** The status every Model Proxy resource reports: which generation was seen, and its conditions. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ResourceStatus {
    @JsonPropertyDescription("The metadata.generation the operator last reconciled.")
    private Long observedGeneration;

    @JsonPropertyDescription("Kubernetes-style conditions: Ready and ResolvedRefs, with reasons such as ProviderNotFound or SecretNotFound.")
    @SchemaFrom(type = ConditionSchema[].class)
    private List<Condition> conditions;

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }
}
