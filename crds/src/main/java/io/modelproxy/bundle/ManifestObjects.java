package io.modelproxy.bundle;

import io.fabric8.kubernetes.api.model.Secret;
import io.modelproxy.api.LogicalModel;
import io.modelproxy.api.ModelGateway;
import io.modelproxy.api.Provider;
import java.util.List;

/**
 * Converted objects, each list sorted by name: what {@link ManifestYaml} writes and what an admin UI applies.
 * No status, uid, resourceVersion or managedFields: metadata holds a name, and a namespace, labels or
 * annotations when set.
 */
public record ManifestObjects(
        List<Provider> providers, List<LogicalModel> logicalModels, List<ModelGateway> gateways, List<Secret> secrets) {
    public ManifestObjects {
        providers = List.copyOf(providers);
        logicalModels = List.copyOf(logicalModels);
        gateways = List.copyOf(gateways);
        secrets = List.copyOf(secrets);
    }

    public static ManifestObjects empty() {
        return new ManifestObjects(List.of(), List.of(), List.of(), List.of());
    }
}
