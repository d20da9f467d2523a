package io.modelproxy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What the operator found and deployed for a ModelGateway. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ModelGatewayStatus extends ResourceStatus {
    @JsonPropertyDescription("Gateway pods that are ready.")
    private Integer readyReplicas;

    @JsonPropertyDescription("Number of LogicalModels the gateway serves.")
    private Integer models;

    @JsonPropertyDescription("Hash of the GatewayConfig currently in the gateway's ConfigMap.")
    private String configHash;

    public Integer getReadyReplicas() {
        return readyReplicas;
    }

    public void setReadyReplicas(Integer readyReplicas) {
        this.readyReplicas = readyReplicas;
    }

    public Integer getModels() {
        return models;
    }

    public void setModels(Integer models) {
        this.models = models;
    }

    public String getConfigHash() {
        return configHash;
    }

    public void setConfigHash(String configHash) {
        this.configHash = configHash;
    }
}
