package io.modelproxy.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.modelproxy.api.LogicalModel;
import io.modelproxy.api.Dialect;
import io.modelproxy.api.Provider;
import io.modelproxy.manifest.Problem.Reason;
import io.modelproxy.manifest.Problem.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestReaderTest {
    @TempDir
    Path dir;

    private static final String PROVIDER = """
            apiVersion: modelproxy.io/v1alpha1
            kind: Provider
            metadata: {name: groq}
            spec:
              protocol: OpenAIChat
              baseUrl: https://api.groq.com/openai/v1
            """;

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    private ManifestSet read(String content) throws IOException {
        return new ManifestReader(Map.of()).read(write("test.yaml", content));
    }

    @Test
    void readsEveryKindOfOursFromMultiDocumentYamlAndCountsOthers() throws IOException {
        ManifestSet set = read(PROVIDER + """
                ---
                apiVersion: modelproxy.io/v1alpha1
                kind: LogicalModel
                metadata: {name: fast, labels: {tier: free}}
                spec:
                  routes: [{provider: groq, model: llama}]
                ---
                # a comment-only document is no document
                ---
                apiVersion: modelproxy.io/v1alpha1
                kind: ModelGateway
                metadata: {name: edge}
                spec: {replicas: 2}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: other}
                ---
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [a.yaml]
                """);

        assertThat(set.problems()).isEmpty();
        assertThat(set.providers()).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("groq");
            assertThat(p.file()).isEqualTo(dir.resolve("test.yaml").toString());
            assertThat(p.object().getSpec().protocol()).isEqualTo(Dialect.OpenAIChat);
        });
        assertThat(set.logicalModels()).singleElement().satisfies(m -> {
            assertThat(m.object().getMetadata().getLabels()).containsEntry("tier", "free");
            assertThat(m.object().getSpec().routes().getFirst().model()).isEqualTo("llama");
        });
        assertThat(set.gateways()).singleElement().satisfies(g -> assertThat(g.object().getSpec().replicas()).isEqualTo(2));
        assertThat(set.skipped()).isEqualTo(2);
    }

    @Test
    void expandsVariablesInStringDataOnlyAndLeavesOutKeysWhoseVariableIsUnset() throws IOException {
        Path file = write("secrets.yaml", """
                apiVersion: v1
                kind: Secret
                metadata: {name: keys}
                data:
                  from-data: %s
                  literal-dollar: %s
                stringData:
                  set: ${SET_KEY}
                  composed: pre-${SET_KEY}-${OTHER}
                  unset: ${NOT_SET}
                  empty: ${EMPTY}
                  plain: no-variable-here
                """.formatted(base64("data-value"), base64("${SET_KEY}")));

        ManifestSet set = new ManifestReader(Map.of("SET_KEY", "sk-1", "OTHER", "x$1\\", "EMPTY", "")).read(file);

        SecretManifest secret = set.secrets().getFirst();
        assertThat(secret.values()).containsExactly(
                Map.entry("composed", "pre-sk-1-x$1\\"),
                Map.entry("from-data", "data-value"),
                Map.entry("literal-dollar", "${SET_KEY}"),
                Map.entry("plain", "no-variable-here"),
                Map.entry("set", "sk-1"));
        assertThat(secret.unset()).containsExactly(Map.entry("empty", "EMPTY"), Map.entry("unset", "NOT_SET"));
        assertThat(set.problems()).extracting(Problem::severity).containsOnly(Severity.WARNING);
        assertThat(set.problems()).extracting(Problem::display).containsExactly(
                file + ": Secret/keys: stringData.empty: ${EMPTY} is not set; key empty is left out",
                file + ": Secret/keys: stringData.unset: ${NOT_SET} is not set; key unset is left out");
        assertThat(set.problems()).extracting(Problem::reason).containsOnly(Reason.UnsetVariable);
    }

    @Test
    void secretValuesNeverShowInToStringOrProblems() throws IOException {
        ManifestSet set = read("""
                apiVersion: v1
                kind: Secret
                metadata: {name: keys}
                stringData: {good: sk-very-secret-value}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: typed}
                stringData: {numeric: 987654321}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: bad-base64}
                data: {k: "not*base64*sk-other-secret"}
                """);

        assertThat(set.toString()).doesNotContain("sk-very-secret-value").contains("good");
        assertThat(set.keyValue("keys", "good")).contains("sk-very-secret-value");
        assertThat(set.problems()).hasSize(2).allSatisfy(p -> assertThat(p.toString())
                .doesNotContain("987654321").doesNotContain("sk-other-secret"));
        assertThat(set.problems()).extracting(Problem::field).containsExactly("stringData.numeric", "data.k");
    }

    @Test
    void aMalformedDocumentIsAnErrorNamingFileAndDocumentAndReadingGoesOn() throws IOException {
        ManifestSet set = read(PROVIDER + """
                ---
                apiVersion: modelproxy.io/v1alpha1
                kind: LogicalModel
                metadata: {name: broken
                spec: {}
                ---
                apiVersion: modelproxy.io/v1alpha1
                kind: LogicalModel
                metadata: {name: after}
                spec:
                  routes: [{provider: groq, model: llama}]
                """);

        assertThat(set.problems()).singleElement().satisfies(p -> {
            assertThat(p.reason()).isEqualTo(Reason.InvalidManifest);
            assertThat(p.severity()).isEqualTo(Severity.ERROR);
            assertThat(p.file()).endsWith("test.yaml");
            assertThat(p.field()).isEqualTo("document 2 (line 7)");
            assertThat(p.message()).startsWith("malformed YAML: while parsing a flow mapping").contains("(line 11)");
        });
        assertThat(set.logicalModels()).extracting(Manifest::name).containsExactly("after");
    }

    @Test
    void unknownKindsAndVersionsOfOurGroupAreErrors() throws IOException {
        ManifestSet set = read("""
                apiVersion: modelproxy.io/v1alpha1
                kind: Router
                metadata: {name: r}
                ---
                apiVersion: modelproxy.io/v1
                kind: Provider
                metadata: {name: p}
                ---
                kind: Provider
                metadata: {name: q}
                ---
                apiVersion: modelproxy.io/v1alpha1
                kind: Provider
                metadata: {labels: {a: b}}
                """);

        assertThat(set.problems()).extracting(Problem::reason, Problem::kind, Problem::name, Problem::field).containsExactly(
                tuple(Reason.UnknownKind, "Router", "r", "kind"),
                tuple(Reason.UnsupportedVersion, "Provider", "p", "apiVersion"),
                tuple(Reason.InvalidManifest, "Provider", null, "document 3 (line 8)"),
                tuple(Reason.InvalidField, "Provider", null, "metadata.name"));
        assertThat(set.problems().getLast().message()).isEqualTo("required (a string), but missing in document 4 (line 11)");
        assertThat(set.problems()).allMatch(Problem::isError);
    }

    @Test
    void documentsThatDoNotBindNameTheField() throws IOException {
        ManifestSet set = read("""
                apiVersion: modelproxy.io/v1alpha1
                kind: Provider
                metadata: {name: wrong-type}
                spec: {protocol: OpenAIChat, baseUrl: https://x.example, timeoutSeconds: "60"}
                ---
                apiVersion: modelproxy.io/v1alpha1
                kind: Provider
                metadata: {name: bad-enum}
                spec: {protocol: OpenAI, baseUrl: https://x.example}
                ---
                apiVersion: modelproxy.io/v1alpha1
                kind: LogicalModel
                metadata: {name: typo}
                spec:
                  routes: [{provider: p, model: m, wieght: 2}]
                ---
                apiVersion: modelproxy.io/v1alpha1
                kind: LogicalModel
                metadata: {name: not-a-list}
                spec: {routes: {provider: p}}
                ---
                apiVersion: modelproxy.io/v1alpha1
                kind: LogicalModel
                metadata: {name: Upper_Case}
                ---
                apiVersion: modelproxy.io/v1alpha1
                kind: LogicalModel
                metadata: {name: twice, name: again}
                """);

        assertThat(set.problems()).extracting(Problem::display).containsExactly(
                set.problems().getFirst().file() + ": Provider/wrong-type: spec.timeoutSeconds: expected an integer",
                set.problems().getFirst().file() + ": Provider/bad-enum: spec.protocol: must be one of OpenAIChat,"
                        + " OpenAIResponses, AnthropicMessages, Mock, got \"OpenAI\"",
                set.problems().getFirst().file() + ": LogicalModel/typo: spec.routes[0].wieght: unknown field (known"
                        + " fields: contextWindow, maxOutputTokens, model, provider, timeoutSeconds, weight)",
                set.problems().getFirst().file() + ": LogicalModel/not-a-list: spec.routes: expected a list",
                set.problems().getFirst().file() + ": LogicalModel/Upper_Case: metadata.name: must be lowercase"
                        + " letters, digits, '-' and '.', starting and ending with a letter or digit",
                set.problems().getFirst().file() + ": document 6 (line 25): malformed YAML: Duplicate field 'name'"
                        + " (line 28)");
        assertThat(set.providers()).isEmpty();
        assertThat(set.logicalModels()).isEmpty();
    }

    @Test
    void readsJsonFilesAndListsOfObjects() throws IOException {
        write("a.json", """
                {"apiVersion": "v1", "kind": "List", "items": [
                  {"apiVersion": "modelproxy.io/v1alpha1", "kind": "Provider", "metadata": {"name": "p"},
                   "spec": {"protocol": "AnthropicMessages", "baseUrl": "https://api.anthropic.com/v1"}},
                  {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}}
                ]}
                """);

        ManifestSet set = new ManifestReader(Map.of()).read(dir);

        assertThat(set.problems()).isEmpty();
        assertThat(set.providers()).extracting(Manifest::name).containsExactly("p");
        assertThat(set.skipped()).isEqualTo(1);
    }

    @Test
    void readsDirectoriesRecursivelyInSortedOrderSkippingHiddenEntriesAndFollowingMountedFileLinks() throws IOException {
        // The layout the kubelet gives a mounted ConfigMap: real files under a hidden timestamped
        // directory, ..data pointing at it, and one top-level symlink per file.
        write("..2026_01_01_00_00_00.123/providers.yaml", PROVIDER);
        Files.createSymbolicLink(dir.resolve("..data"), dir.resolve("..2026_01_01_00_00_00.123").getFileName());
        Files.createSymbolicLink(dir.resolve("providers.yaml"), Path.of("..data/providers.yaml"));
        write("b/models.yml", model("from-b"));
        write("a/models.yaml", model("from-a"));
        write("c.yaml", model("from-c"));
        write(".hidden/models.yaml", model("hidden"));
        write("notes.md", "not a manifest");

        ManifestSet set = new ManifestReader(Map.of()).read(dir);

        assertThat(set.problems()).isEmpty();
        assertThat(set.providers()).singleElement()
                .satisfies(p -> assertThat(p.file()).isEqualTo(dir.resolve("providers.yaml").toString()));
        assertThat(set.logicalModels()).extracting(Manifest::name).containsExactly("from-a", "from-b", "from-c");
        assertThat(set.logicalModels()).extracting(Manifest::file).containsExactly(
                dir.resolve("a/models.yaml").toString(), dir.resolve("b/models.yml").toString(),
                dir.resolve("c.yaml").toString());
    }

    @Test
    void aMissingPathIsAnIoError() {
        assertThatThrownBy(() -> new ManifestReader(Map.of()).read(dir.resolve("nowhere")))
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void buildsASetFromClusterObjectsLabelledByNamespaceKindAndName() {
        Provider provider = new Provider();
        provider.setMetadata(new ObjectMetaBuilder().withName("groq").build());
        LogicalModel model = new LogicalModel();
        model.setMetadata(new ObjectMetaBuilder().withName("fast").build());
        Secret secret = new SecretBuilder().withNewMetadata().withName("groq-keys").endMetadata()
                .withData(Map.of("key-1", base64("from-cluster"))).build();

        ManifestSet set = ManifestSet.fromCluster("team-a", List.of(provider), List.of(model), List.of(), List.of(secret));

        assertThat(set.providers()).extracting(Manifest::file).containsExactly("team-a/Provider/groq");
        assertThat(set.logicalModels()).extracting(Manifest::file).containsExactly("team-a/LogicalModel/fast");
        assertThat(set.secrets()).extracting(SecretManifest::file).containsExactly("team-a/Secret/groq-keys");
        assertThat(set.keyValue("groq-keys", "key-1")).contains("from-cluster");
    }

    private static String model(String name) {
        return """
                apiVersion: modelproxy.io/v1alpha1
                kind: LogicalModel
                metadata: {name: %s}
                spec:
                  routes: [{provider: groq, model: llama}]
                """.formatted(name);
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
