package io.modelproxy.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** One deployed gateway: its pods, Service, client keys and the LogicalModels it serves. */
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@ShortNames({"mgw", "llmgateway"})
@AdditionalPrinterColumn(name = "REPLICAS", jsonPath = ".spec.replicas", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "AVAILABLE", jsonPath = ".status.readyReplicas", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "MODELS", jsonPath = ".status.models", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "READY", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class ModelGateway extends CustomResource<ModelGatewaySpec, ModelGatewayStatus> implements Namespaced {
    public static final String KIND = "ModelGateway";

    // Overridden only to describe spec and status for kubectl explain (the CRD generator reads these).
    @Override
    @JsonPropertyDescription("One gateway the operator runs: replicas, pod resources, the Service, client keys, which LogicalModels it serves, and its request limits.")
    public ModelGatewaySpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("Written by the operator, never by users: ready replicas, the number of models served, the hash of the config in its ConfigMap, and the Ready (its pods serve a config) and ResolvedRefs (every object it serves was accepted; held-back objects are named) conditions.")
    public ModelGatewayStatus getStatus() {
        return super.getStatus();
    }
}
