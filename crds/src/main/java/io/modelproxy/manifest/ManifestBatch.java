package io.modelproxy.manifest;

import io.modelproxy.api.LogicalModel;
import io.modelproxy.api.ModelGateway;
import io.modelproxy.api.Provider;
import java.util.ArrayList;
import java.util.List;

/** What one read call has found so far. */
final class ManifestBatch {
    final List<Manifest<Provider>> providers = new ArrayList<>();
    final List<Manifest<LogicalModel>> logicalModels = new ArrayList<>();
    final List<Manifest<ModelGateway>> gateways = new ArrayList<>();
    final List<SecretManifest> secrets = new ArrayList<>();
    final List<Problem> problems = new ArrayList<>();
    int skipped;

    ManifestSet toSet() {
        return new ManifestSet(providers, logicalModels, gateways, secrets, skipped, problems);
    }
}
