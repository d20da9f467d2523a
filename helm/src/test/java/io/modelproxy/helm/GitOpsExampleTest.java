package io.modelproxy.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.modelproxy.helm.Chart.ValueSet;
import io.modelproxy.operator.OperatorSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/gitops holds together: the Kustomizations name files that exist, the sealed placeholders
 * match the Secrets the routing expects, and the Argo CD Applications point at the chart and the
 * overlay with values the chart accepts. (Whether the manifests compile is the gateway module's
 * ExamplesTest, through {@code model-proxy validate}.)
 */
class GitOpsExampleTest {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Path GITOPS = Chart.REPOSITORY.resolve("examples/gitops");
    private static final Path OVERLAY = GITOPS.resolve("overlays/production");

    @Test
    void everyKustomizationResourceExists() throws IOException {
        for (Path kustomization : List.of(GITOPS.resolve("base/kustomization.yaml"), OVERLAY.resolve("kustomization.yaml"))) {
            JsonNode resources = documents(kustomization).getFirst().path("resources");
            assertThat(resources.size()).as("resources of %s", kustomization).isPositive();
            for (JsonNode resource : resources) {
                Path target = kustomization.resolveSibling(resource.asText()).normalize();
                assertThat(Files.isRegularFile(target) || Files.isRegularFile(target.resolve("kustomization.yaml")))
                        .as("%s names %s", kustomization, resource.asText()).isTrue();
            }
        }
    }

    @Test
    void theSealedPlaceholdersSealExactlyTheExpectedSecrets() throws IOException {
        Map<String, List<String>> expected = documents(OVERLAY.resolve("secrets.yaml")).stream()
                .collect(Collectors.toMap(secret -> secret.path("metadata").path("name").asText(),
                        secret -> fieldNames(secret.path("stringData")), (a, b) -> a, TreeMap::new));
        Map<String, List<String>> sealed = documents(OVERLAY.resolve("sealed-secrets.yaml")).stream()
                .peek(document -> assertThat(document.path("kind").asText()).isEqualTo("SealedSecret"))
                .collect(Collectors.toMap(secret -> secret.path("spec").path("template").path("metadata").path("name").asText(),
                        secret -> fieldNames(secret.path("spec").path("encryptedData")), (a, b) -> a, TreeMap::new));

        assertThat(sealed).isEqualTo(expected).containsKeys("openai-keys", "anthropic-keys", "gateway-clients");
    }

    @Test
    void theApplicationsPointAtTheChartAndTheOverlay(@TempDir Path temp) throws IOException {
        Map<String, JsonNode> applications = documents(GITOPS.resolve("argocd/applications.yaml")).stream()
                .collect(Collectors.toMap(app -> app.path("metadata").path("name").asText(), app -> app.path("spec")));
        assertThat(applications).containsOnlyKeys("model-proxy-operator", "model-proxy-routing");

        JsonNode routing = applications.get("model-proxy-routing");
        assertThat(Chart.REPOSITORY.resolve(routing.path("source").path("path").asText()).normalize())
                .isEqualTo(OVERLAY.normalize());
        String namespace = documents(OVERLAY.resolve("kustomization.yaml")).getFirst().path("namespace").asText();
        assertThat(routing.path("destination").path("namespace").asText()).isEqualTo(namespace);

        JsonNode operator = applications.get("model-proxy-operator");
        assertThat(Chart.REPOSITORY.resolve(operator.path("source").path("path").asText()).normalize())
                .isEqualTo(Chart.REPOSITORY.resolve("helm/model-proxy").normalize());
        Path values = temp.resolve("values.yaml");
        YAML.writeValue(values.toFile(), operator.path("source").path("helm").path("valuesObject"));
        List<HasMetadata> rendered = new Chart().render(new ValueSet("argocd", Optional.of(values)), Map.of(),
                operator.path("destination").path("namespace").asText());
        Map<String, String> env = Chart.only(rendered, Deployment.class).getSpec().getTemplate().getSpec().getContainers()
                .getFirst().getEnv().stream().collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
        assertThat(OperatorSettings.fromEnvironment(env).watchNamespaces())
                .as("the operator watches the routing's namespace").containsExactly(namespace);
    }

    private static List<JsonNode> documents(Path file) throws IOException {
        try (MappingIterator<JsonNode> documents = YAML.readValues(YAML.createParser(file.toFile()), JsonNode.class)) {
            return documents.readAll().stream().filter(document -> !document.isMissingNode() && !document.isNull()).toList();
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        return node.properties().stream().map(Map.Entry::getKey).sorted().toList();
    }
}
