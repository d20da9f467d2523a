package io.modelproxy.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelproxy.manifest.ManifestReader;
import io.modelproxy.manifest.ManifestSet;
import io.modelproxy.manifest.Problem;
import io.modelproxy.manifest.Problem.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-object acceptance as a pure function of the manifests and the previous accepted config. */
class ObjectAcceptanceTest {
    @TempDir
    Path dir;

    private static String provider(String name) {
        return """
                apiVersion: modelproxy.io/v1alpha1
                kind: Provider
                metadata: {name: %s}
                spec: {protocol: OpenAIChat, baseUrl: 'https://%s.example/v1'}
                ---
                """.formatted(name, name);
    }

    private static String model(String name, String body) {
        return ConfigCompilerTest.model(name, body);
    }

    /** Writes each file of the directory anew (deleting the others) and reads the directory. */
    private ManifestSet files(Map<String, String> files) throws IOException {
        try (var old = Files.list(dir)) {
            for (Path file : old.toList()) {
                Files.delete(file);
            }
        }
        for (var file : files.entrySet()) {
            Files.writeString(dir.resolve(file.getKey()), file.getValue());
        }
        return new ManifestReader(Map.of()).read(dir);
    }

    private ManifestSet one(String yaml) throws IOException {
        return files(Map.of("all.yaml", yaml));
    }

    private static GatewayConfig accepted(ManifestSet set) {
        CompileResult result = ConfigCompiler.accept(set, null, null);
        assertThat(result.errors()).isEmpty();
        return result.config();
    }

    private static ModelConfig model(GatewayConfig config, String name) {
        return config.models().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    private static List<String> ids(CompileResult result) {
        return result.heldBack().stream().map(HeldBack::id).toList();
    }

    @Test
    void aNewBrokenObjectIsLeftOutAndTheRestCompiles() throws IOException {
        String base = provider("p1") + model("a", "routes: [{provider: p1, model: x}]");
        GatewayConfig previous = accepted(one(base));

        CompileResult result = ConfigCompiler.accept(one(base
                + model("typo", "routes: [{provider: p-one, model: x}]")
                + model("bad", "timeoutSeconds: 0\nroutes: [{provider: p1, model: x}]")
                + model("b", "routes: [{provider: p1, model: y}]")), null, previous);

        assertThat(result.config().models()).extracting(ModelConfig::name).containsExactly("a", "b");
        assertThat(ids(result)).containsExactlyInAnyOrder("LogicalModel/typo", "LogicalModel/bad");
        assertThat(result.heldBack()).allSatisfy(h -> assertThat(h.serving()).isNull());
        assertThat(result.heldBack("LogicalModel", "typo").orElseThrow().reason()).isEqualTo("ProviderNotFound");
        assertThat(result.heldBack("LogicalModel", "bad").orElseThrow().describe())
                .contains("spec.timeoutSeconds: must be at least 1").endsWith("left out (it never was valid)");
        assertThat(result.keptPrevious()).isFalse();
        // all or nothing for CI: the same manifests fail to compile
        assertThat(ConfigCompiler.compile(one(base + model("typo", "routes: [{provider: p-one, model: x}]")), null)
                .config()).isNull();
    }

    @Test
    void anEditThatBreaksAnExistingObjectKeepsItsPreviousForm() throws IOException {
        GatewayConfig previous = accepted(one(provider("p1")
                + model("a", "aliases: [fast]\nroutes: [{provider: p1, model: x}]")
                + model("b", "routes: [{provider: p1, model: y}]")));

        CompileResult result = ConfigCompiler.accept(one(provider("p1")
                + model("a", "aliases: [quick]\ntimeoutSeconds: 0\nroutes: [{provider: p1, model: x2}]")
                + model("b", "aliases: [b2]\nroutes: [{provider: p1, model: y}]")), null, previous);

        assertThat(model(result.config(), "a")).isEqualTo(model(previous, "a"));
        assertThat(model(result.config(), "b").aliases()).containsExactly("b2");
        HeldBack held = result.heldBack("LogicalModel", "a").orElseThrow();
        assertThat(held.serving()).isEqualTo(previous.source("LogicalModel", "a").orElseThrow());
        assertThat(held.reason()).isEqualTo("InvalidField");
        assertThat(held.outcome()).isEqualTo("serving its last valid version");
        assertThat(ids(result)).containsExactly("LogicalModel/a");
        // the held-back form keeps its old source, so the next compile still knows what was edited
        assertThat(result.config().source("LogicalModel", "a")).isEqualTo(previous.source("LogicalModel", "a"));
        assertThat(ConfigCompiler.accept(one(provider("p1")
                        + model("a", "aliases: [quick]\ntimeoutSeconds: 0\nroutes: [{provider: p1, model: x2}]")
                        + model("b", "aliases: [b2]\nroutes: [{provider: p1, model: y}]")), null, result.config())
                .config().toJson()).isEqualTo(result.config().toJson());
    }

    @Test
    void aDeletedProviderLeavesItsModelsWithoutThatRouteAndTheirFallbacksIntact() throws IOException {
        String models = model("a", "routes: [{provider: gone, model: x}]\nfallbacks: [b]")
                + model("b", "routes: [{provider: stays, model: y}]")
                + model("c", "routes: [{provider: gone, model: x}, {provider: stays, model: z}]");
        GatewayConfig previous = accepted(one(provider("gone") + provider("stays") + models));

        CompileResult result = ConfigCompiler.accept(one(provider("stays") + models), null, previous);

        assertThat(result.heldBack()).isEmpty();
        assertThat(model(result.config(), "a").routes()).isEmpty();
        assertThat(model(result.config(), "a").fallbacks()).containsExactly("b");
        assertThat(model(result.config(), "c").routes()).extracting(ModelConfig.Route::provider).containsExactly("stays");
        assertThat(result.config().providers()).extracting(ProviderConfig::name).containsExactly("stays");
        assertThat(result.errors()).extracting(Problem::name, Problem::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a", Reason.ProviderNotFound),
                org.assertj.core.groups.Tuple.tuple("c", Reason.ProviderNotFound));
    }

    @Test
    void anEditThatClosesACycleHoldsBackExactlyTheEditedModelAndEveryMemberReportsIt() throws IOException {
        Map<String, String> before = Map.of(
                "providers.yaml", provider("p1"),
                "a.yaml", model("a", "routes: [{provider: p1, model: x}]\nfallbacks: [b]"),
                "b.yaml", model("b", "routes: [{provider: p1, model: x}]\nfallbacks: [c]"),
                "c.yaml", model("c", "routes: [{provider: p1, model: x}]"),
                "d.yaml", model("d", "routes: [{provider: p1, model: x}]"));
        GatewayConfig previous = accepted(files(before));
        Map<String, String> after = new java.util.HashMap<>(before);
        after.put("c.yaml", model("c", "routes: [{provider: p1, model: x}]\nfallbacks: [a]"));
        after.put("d.yaml", model("d", "aliases: [dee]\nroutes: [{provider: p1, model: x}]"));

        CompileResult result = ConfigCompiler.accept(files(after), null, previous);

        assertThat(ids(result)).containsExactly("LogicalModel/c");
        assertThat(result.heldBack().getFirst().reason()).isEqualTo("FallbackCycle");
        assertThat(result.heldBack().getFirst().file()).endsWith("c.yaml");
        for (String member : List.of("a", "b", "c")) {
            assertThat(result.about("LogicalModel", member)).extracting(Problem::reason, Problem::message)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(Reason.FallbackCycle,
                            "fallback cycle: a -> b -> c -> a"));
        }
        assertThat(model(result.config(), "c").fallbacks()).isEmpty();
        assertThat(model(result.config(), "a").fallbacks()).containsExactly("b");
        assertThat(model(result.config(), "d").aliases()).containsExactly("dee");
    }

    @Test
    void whenNothingUsableRemainsThePreviousConfigIsKeptWhole() throws IOException {
        GatewayConfig previous = accepted(one(provider("p1") + model("a", "routes: [{provider: p1, model: x}]")));

        CompileResult result = ConfigCompiler.accept(one(
                model("a", "routes: [{provider: p-renamed, model: x}]")), null, previous);

        assertThat(result.keptPrevious()).isTrue();
        assertThat(result.config()).isSameAs(previous);
        assertThat(ids(result)).containsExactly("LogicalModel/a");
    }

    @Test
    void aFileThatNoLongerParsesHoldsBackTheObjectsItHeld() throws IOException {
        Map<String, String> before = Map.of(
                "p.yaml", provider("p1"),
                "a.yaml", model("a", "routes: [{provider: p1, model: x}]"),
                "b.yaml", model("b", "routes: [{provider: p1, model: y}]"));
        GatewayConfig previous = accepted(files(before));
        Map<String, String> after = new java.util.HashMap<>(before);
        after.put("a.yaml", "apiVersion: modelproxy.io/v1alpha1\nkind: LogicalModel\nmetadata: {name: a\n");
        after.put("b.yaml", model("b", "aliases: [bee]\nroutes: [{provider: p1, model: y}]"));

        CompileResult result = ConfigCompiler.accept(files(after), null, previous);

        assertThat(ids(result)).containsExactly("LogicalModel/a");
        assertThat(result.heldBack().getFirst().reason()).isEqualTo("InvalidManifest");
        assertThat(model(result.config(), "a")).isEqualTo(model(previous, "a"));
        assertThat(model(result.config(), "b").aliases()).containsExactly("bee");
    }

    @Test
    void aBrokenProviderServesItsPreviousFormAndIsNamedOnce() throws IOException {
        String models = model("a", "routes: [{provider: p1, model: x}]");
        GatewayConfig previous = accepted(one(provider("p1") + models));

        CompileResult result = ConfigCompiler.accept(one(provider("p1").replace("'https://p1.example/v1'",
                "'https://p1.example/v1', apiKeys: [{secretRef: {name: deleted}}]") + models), null, previous);

        assertThat(ids(result)).containsExactly("Provider/p1");
        assertThat(result.heldBack().getFirst().reason()).isEqualTo("SecretNotFound");
        assertThat(result.config().providers()).containsExactlyElementsOf(previous.providers());
        assertThat(model(result.config(), "a").routes()).hasSize(1);
    }
}
