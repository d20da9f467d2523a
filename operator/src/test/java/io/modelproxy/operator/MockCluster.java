package io.modelproxy.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.modelproxy.api.LogicalModel;
import io.modelproxy.api.ModelGateway;
import io.modelproxy.api.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The fabric8 mock API server (CRUD mode) made to look like a cluster with Model Proxy installed:
 * the generated CRDs registered first (so status is a subresource), manifests applied from files,
 * and the operator running on it the way main runs it, minus leader election.
 */
final class MockCluster {
    static final Path EXAMPLES = Path.of("..", "examples", "kubernetes");

    private MockCluster() {}

    /** Registers the CRDs the crds module generated (they are on the classpath, in its jar or classes). */
    static void registerCrds(KubernetesClient client) throws IOException {
        for (String plural : List.of("providers", "logicalmodels", "modelgateways")) {
            try (InputStream in = MockCluster.class.getResourceAsStream("/META-INF/fabric8/" + plural + ".modelproxy.io-v1.yml")) {
                if (in == null) {
                    throw new IllegalStateException("generated CRD " + plural + " is not on the classpath: build the crds module");
                }
                client.apiextensions().v1().customResourceDefinitions().load(in).createOr(existing -> existing.update());
            }
        }
        client.getKubernetesSerialization().registerKubernetesResource(Provider.class);
        client.getKubernetesSerialization().registerKubernetesResource(LogicalModel.class);
        client.getKubernetesSerialization().registerKubernetesResource(ModelGateway.class);
    }

    /** Creates the namespace and every object of the directory's YAML files in it (their own namespace is overridden). */
    static void apply(KubernetesClient client, Path directory, String namespace) throws IOException {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
                .createOr(existing -> existing.update());
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                for (HasMetadata object : client.load(in).items()) {
                    if (object instanceof Namespace) {
                        continue;
                    }
                    object.getMetadata().setNamespace(namespace);
                    client.resource(object).create();
                }
            }
        }
    }

    /** A started operator watching only {@code namespace}, built exactly as main builds it except for leader election. */
    static Operator startOperator(KubernetesClient client, String namespace) {
        Operator operator = ModelProxyOperator.create(client,
                new OperatorSettings(Set.of(namespace), "registry.test/model-proxy-gateway:test", 0, false, null),
                Metrics.NOOP);
        operator.start();
        return operator;
    }
}
