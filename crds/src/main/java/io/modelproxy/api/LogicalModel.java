package io.modelproxy.api;

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
}
