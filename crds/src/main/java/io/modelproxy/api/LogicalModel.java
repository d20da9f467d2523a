package io.modelproxy.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A client-facing model id routed to one or more upstream provider models, with fallbacks. */
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@ShortNames({"lm", "llmmodel"})
@AdditionalPrinterColumn(name = "MODEL", jsonPath = ".spec.modelName", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "ROUTES", jsonPath = ".status.routes", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "READY", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class LogicalModel extends CustomResource<LogicalModelSpec, LogicalModelStatus> implements Namespaced {
    public static final String KIND = "LogicalModel";

    // Overridden only to describe spec and status for kubectl explain (the CRD generator reads these).
    @Override
    @JsonPropertyDescription("What clients may call this model (its name, aliases, context window) and how the gateway serves it: routes to Provider models, their strategy, fallbacks to other LogicalModels, timeouts, system-prompt edits and tool-call enforcement.")
    public LogicalModelSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("Written by the operator, never by users: the generation it last judged, the number of routes that resolved, and the Ready and ResolvedRefs conditions (a held-back model says why and which generation still serves).")
    public LogicalModelStatus getStatus() {
        return super.getStatus();
    }
}
