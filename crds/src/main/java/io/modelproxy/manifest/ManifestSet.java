package io.modelproxy.manifest;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.modelproxy.api.LogicalModel;
import io.modelproxy.api.ModelGateway;
import io.modelproxy.api.Provider;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Typed manifests, each with its source, plus what reading them found: the input of
 * {@code ConfigCompiler}. Built by {@link ManifestReader} from files, or by {@link #fromCluster} from
 * the objects the operator sees.
 *
 * @param providers Provider objects, in reading order
 * @param logicalModels LogicalModel objects, in reading order
 * @param gateways ModelGateway objects, in reading order
 * @param secrets v1 Secrets, values decoded
 * @param skipped how many objects of other kinds (a ConfigMap, a Kustomization, ...) were skipped
 * @param problems what went wrong while reading; objects with reading errors are not in the lists
 */
public record ManifestSet(
        List<Manifest<Provider>> providers,
        List<Manifest<LogicalModel>> logicalModels,
        List<Manifest<ModelGateway>> gateways,
        List<SecretManifest> secrets,
        int skipped,
        List<Problem> problems) {

    public ManifestSet {
        providers = List.copyOf(providers);
        logicalModels = List.copyOf(logicalModels);
        gateways = List.copyOf(gateways);
        secrets = List.copyOf(secrets);
        problems = List.copyOf(problems);
    }

    /**
     * A set of objects read from a cluster namespace, already accepted by the API server. Each
     * object's "file" is {@code namespace/Kind/name}, so problems name it the way kubectl would.
     */
    public static ManifestSet fromCluster(String namespace, Collection<Provider> providers,
            Collection<LogicalModel> logicalModels, Collection<ModelGateway> gateways, Collection<Secret> secrets) {
        return new ManifestSet(
                providers.stream().map(p -> new Manifest<>(label(namespace, Provider.KIND, p), p)).toList(),
                logicalModels.stream().map(m -> new Manifest<>(label(namespace, LogicalModel.KIND, m), m)).toList(),
                gateways.stream().map(g -> new Manifest<>(label(namespace, ModelGateway.KIND, g), g)).toList(),
                secrets.stream().map(s -> SecretManifest.of(label(namespace, "Secret", s), s)).toList(),
                0,
                List.of());
    }

    private static String label(String namespace, String kind, HasMetadata object) {
        return namespace + "/" + kind + "/" + object.getMetadata().getName();
    }

    /** The first Secret with this name. */
    public Optional<SecretManifest> secret(String name) {
        return secrets.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The value of one key, as the standalone gateway resolves a KeyRef; empty if not there. */
    public Optional<String> keyValue(String secret, String key) {
        return secret(secret).flatMap(s -> s.value(key));
    }

    public boolean hasErrors() {
        return problems.stream().anyMatch(Problem::isError);
    }
}
