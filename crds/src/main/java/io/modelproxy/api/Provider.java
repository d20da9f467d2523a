package io.modelproxy.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** An upstream LLM endpoint (OpenAI-compatible or Anthropic) with its API keys and error policy. */
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@ShortNames({"mpp", "llmprovider"})
@AdditionalPrinterColumn(name = "PROTOCOL", jsonPath = ".spec.protocol", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "KEYS", jsonPath = ".status.keys", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "READY", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class Provider extends CustomResource<ProviderSpec, ProviderStatus> implements Namespaced {
    public static final String KIND = "Provider";

    // Overridden only to describe spec and status for kubectl explain (the CRD generator reads these).
    @Override
    @JsonPropertyDescription("Where and how to call one upstream: its protocol and base URL, API keys from Secrets, the models it offers, timeouts, cooldowns and the error policy that decides retry, cooldown or fallback per status.")
    public ProviderSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("Written by the operator, never by users: the generation it last judged, how many API keys resolved, and the Ready and ResolvedRefs conditions.")
    public ProviderStatus getStatus() {
        return super.getStatus();
    }
}
