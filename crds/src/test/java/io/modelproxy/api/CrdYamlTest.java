package io.modelproxy.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CRD YAML generated from the API types: the committed copy at the module root (what
 * {@code kubectl apply -f crds/} installs) must equal it, and it must carry what users rely on.
 */
class CrdYamlTest {
    private static final List<String> FILES = List.of(
            "logicalmodels.modelproxy.io-v1.yml", "modelgateways.modelproxy.io-v1.yml", "providers.modelproxy.io-v1.yml");
    private static final String UPDATE_HINT = "crds/%s differs from the CRD generated from the API types. Update it with"
            + " ./mvnw -pl crds test -Dtest=CrdYamlTest -Dcrds.update=true"
            + " (or: cp crds/target/classes/META-INF/fabric8/*.yml crds/) and commit it";

    private static String generated(String file) throws IOException {
        try (InputStream in = CrdYamlTest.class.getResourceAsStream("/META-INF/fabric8/" + file)) {
            assertThat(in).as("generated %s on the classpath", file).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static JsonNode crd(String file) throws IOException {
        return new YAMLMapper().readTree(generated(file));
    }

    private static JsonNode version(String file) throws IOException {
        return crd(file).path("spec").path("versions").path(0);
    }

    private static JsonNode spec(String file) throws IOException {
        return version(file).path("schema").path("openAPIV3Schema").path("properties").path("spec");
    }

    /** The module root: surefire runs in it. */
    private static final Path MODULE = Path.of("");

    @ParameterizedTest
    @ValueSource(strings = {
        "logicalmodels.modelproxy.io-v1.yml", "modelgateways.modelproxy.io-v1.yml", "providers.modelproxy.io-v1.yml"})
    void theCommittedCrdIsTheGeneratedOne(String file) throws IOException {
        Path committed = MODULE.resolve(file);
        if (Boolean.getBoolean("crds.update")) {
            Files.writeString(committed, generated(file));
        }
        assertThat(committed).as(UPDATE_HINT, file).exists();
        assertThat(Files.readString(committed)).as(UPDATE_HINT, file).isEqualTo(generated(file));
    }

    @Test
    void noStaleCrdIsCommitted() throws IOException {
        try (Stream<Path> files = Files.list(MODULE.toAbsolutePath())) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yml") || n.endsWith(".yaml")))
                    .as("CRD files at the module root").containsExactlyInAnyOrderElementsOf(FILES);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "logicalmodels.modelproxy.io-v1.yml", "modelgateways.modelproxy.io-v1.yml", "providers.modelproxy.io-v1.yml"})
    void specStatusAndEveryFieldUnderThemHaveADescriptionForKubectlExplain(String file) throws IOException {
        JsonNode root = version(file).path("schema").path("openAPIV3Schema");
        List<String> undocumented = new ArrayList<>();
        undocumented(root, "", undocumented);
        assertThat(undocumented).as("fields without a description in %s", file).isEmpty();
        assertThat(root.at("/properties/spec/description").asText()).as("kubectl explain <kind>.spec").isNotBlank();
        assertThat(root.at("/properties/status/description").asText()).as("kubectl explain <kind>.status").startsWith("Written by the operator");
        JsonNode condition = root.at("/properties/status/properties/conditions/items/properties");
        assertThat(condition.properties()).extracting(Map.Entry::getKey).containsExactlyInAnyOrder(
                "type", "status", "reason", "message", "lastTransitionTime", "observedGeneration");
    }

    /** Embedded Kubernetes types document themselves upstream; their internals are not ours to describe. */
    private static final Set<String> EMBEDDED = Set.of("spec.resources", "spec.modelSelector", "spec.pathPrefixes[].modelSelector");
    /** What every Kubernetes object carries, described by Kubernetes itself. */
    private static final Set<String> STANDARD = Set.of("apiVersion", "kind", "metadata");

    private static void undocumented(JsonNode schema, String path, List<String> found) {
        if (EMBEDDED.contains(path)) {
            return;
        }
        schema.path("properties").properties().forEach(property -> {
            if (path.isEmpty() && STANDARD.contains(property.getKey())) {
                return;
            }
            String field = path.isEmpty() ? property.getKey() : path + "." + property.getKey();
            if (!property.getValue().hasNonNull("description")) {
                found.add(field);
            }
            undocumented(property.getValue(), field, found);
            undocumented(property.getValue().path("items"), field + "[]", found);
        });
    }

    @Test
    void providerValidation() throws IOException {
        JsonNode spec = spec("providers.modelproxy.io-v1.yml");
        assertThat(texts(spec.path("required"))).containsExactlyInAnyOrder("protocol");
        assertThat(texts(spec.at("/properties/protocol/enum")))
                .containsExactlyInAnyOrder("OpenAIChat", "OpenAIResponses", "AnthropicMessages", "Mock");
        // baseUrl is required by a rule, since a Mock provider has none
        assertThat(spec.path("x-kubernetes-validations").findValuesAsText("rule"))
                .contains("self.protocol == 'Mock' || has(self.baseUrl)", "!has(self.mock) || self.protocol == 'Mock'");
        assertThat(spec.at("/properties/mock/properties/chunkChars/minimum").asInt()).isEqualTo(1);
        assertThat(spec.at("/properties/baseUrl/pattern").asText()).isEqualTo("^https?://[^\\s/$.?#].[^\\s]*$");
        assertThat(spec.at("/properties/timeoutSeconds/minimum").asInt()).isEqualTo(1);
        assertThat(spec.at("/properties/timeoutSeconds/maximum").asInt()).isEqualTo(3600);
        assertThat(spec.at("/properties/cooldownSeconds/minimum").asInt()).isZero();
        assertThat(spec.at("/properties/authFailureCooldownSeconds/minimum").asInt()).isZero();
        JsonNode rule = spec.at("/properties/errorPolicy/items");
        assertThat(texts(rule.path("required"))).containsExactlyInAnyOrder("status", "action");
        assertThat(rule.at("/properties/status/items/minimum").asInt()).isEqualTo(100);
        assertThat(rule.at("/properties/status/items/maximum").asInt()).isEqualTo(599);
        assertThat(texts(rule.at("/properties/action/enum"))).containsExactlyInAnyOrder(
                "RetryNextKey", "CooldownKeyForModel", "CooldownKeyForProvider", "FallBack", "Return");
        JsonNode secretRef = spec.at("/properties/apiKeys/items/properties/secretRef");
        assertThat(texts(spec.at("/properties/apiKeys/items/required"))).containsExactly("secretRef");
        assertThat(texts(secretRef.path("required"))).containsExactly("name");
        assertThat(secretRef.at("/properties/name/pattern").asText()).isEqualTo("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$");
        assertThat(texts(spec.at("/properties/models/items/required"))).containsExactly("name");
    }

    @Test
    void logicalModelValidationIncludingTheCelRules() throws IOException {
        JsonNode spec = spec("logicalmodels.modelproxy.io-v1.yml");
        assertThat(texts(spec.path("required"))).containsExactly("routes");
        assertThat(spec.at("/properties/routes/minItems").asInt()).isEqualTo(1);
        assertThat(texts(spec.at("/properties/routes/items/required"))).containsExactlyInAnyOrder("provider", "model");
        assertThat(spec.at("/properties/routes/items/properties/weight/minimum").asInt()).isZero();
        assertThat(texts(spec.at("/properties/strategy/enum"))).containsExactlyInAnyOrder("Ordered", "Weighted");
        assertThat(spec.at("/properties/timeoutSeconds/maximum").asInt()).isEqualTo(3600);
        assertThat(spec.at("/properties/toolCallEnforcement/properties/maxRetries/maximum").asInt()).isEqualTo(10);
        // The compiler repeats these two rules for standalone, with the same messages (ConfigCompilerTest).
        assertThat(StreamSupport.stream(spec.path("x-kubernetes-validations").spliterator(), false)
                .map(rule -> rule.path("message").asText())).containsExactlyInAnyOrder(
                        "strategy Weighted needs a weight greater than 0 on every route",
                        "a LogicalModel cannot fall back to itself");
        assertThat(spec.path("x-kubernetes-validations")).allSatisfy(rule -> assertThat(rule.path("rule").asText()).isNotBlank());
    }

    @Test
    void modelGatewayValidation() throws IOException {
        JsonNode spec = spec("modelgateways.modelproxy.io-v1.yml");
        assertThat(spec.at("/properties/replicas/minimum").asInt()).isZero();
        assertThat(spec.at("/properties/maxRequestBytes/minimum").asInt()).isEqualTo(1024);
        assertThat(spec.at("/properties/defaultContextWindow/minimum").asInt()).isEqualTo(1);
        assertThat(texts(spec.at("/properties/service/properties/type/enum")))
                .containsExactlyInAnyOrder("ClusterIP", "NodePort", "LoadBalancer");
        assertThat(spec.at("/properties/service/properties/port/maximum").asInt()).isEqualTo(65535);
        assertThat(texts(spec.at("/properties/clientKeys/required"))).containsExactly("secretRef");
        assertThat(spec.at("/properties/modelSelector/properties/matchLabels").isObject()).isTrue();
    }

    @Test
    void printerColumnsInKubectlOrderShortNamesAndStatusSubresource() throws IOException {
        // kubectl's order for built-in kinds: what the object is, then its state, AGE last
        assertThat(columns("logicalmodels.modelproxy.io-v1.yml")).containsExactly(
                "MODEL .spec.modelName", "ROUTES .status.routes",
                "READY .status.conditions[?(@.type==\"Ready\")].status", "AGE .metadata.creationTimestamp");
        assertThat(columns("providers.modelproxy.io-v1.yml")).containsExactly(
                "PROTOCOL .spec.protocol", "KEYS .status.keys",
                "READY .status.conditions[?(@.type==\"Ready\")].status", "AGE .metadata.creationTimestamp");
        assertThat(columns("modelgateways.modelproxy.io-v1.yml")).containsExactly(
                "REPLICAS .spec.replicas", "AVAILABLE .status.readyReplicas", "MODELS .status.models",
                "READY .status.conditions[?(@.type==\"Ready\")].status", "AGE .metadata.creationTimestamp");

        assertThat(texts(crd("logicalmodels.modelproxy.io-v1.yml").at("/spec/names/shortNames"))).containsExactly("lm", "llmmodel");
        assertThat(texts(crd("providers.modelproxy.io-v1.yml").at("/spec/names/shortNames"))).containsExactly("mpp", "llmprovider");
        assertThat(texts(crd("modelgateways.modelproxy.io-v1.yml").at("/spec/names/shortNames"))).containsExactly("mgw", "llmgateway");

        for (String file : FILES) {
            JsonNode crd = crd(file);
            assertThat(crd.at("/spec/group").asText()).isEqualTo(ApiGroup.GROUP);
            assertThat(crd.at("/spec/scope").asText()).isEqualTo("Namespaced");
            assertThat(version(file).path("name").asText()).isEqualTo(ApiGroup.VERSION);
            assertThat(version(file).at("/subresources/status").isObject()).as("status subresource of %s", file).isTrue();
        }
    }

    private static List<String> columns(String file) throws IOException {
        return StreamSupport.stream(version(file).path("additionalPrinterColumns").spliterator(), false)
                .map(c -> c.path("name").asText() + " " + c.path("jsonPath").asText())
                .toList();
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
