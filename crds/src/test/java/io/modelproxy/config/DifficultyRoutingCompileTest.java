package io.modelproxy.config;

import static io.modelproxy.config.ConfigCompilerTest.model;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelproxy.manifest.ManifestReader;
import io.modelproxy.manifest.ManifestSet;
import io.modelproxy.manifest.Problem;
import io.modelproxy.manifest.Problem.Reason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LogicalModel {@code spec.difficultyRouting}: resolved references, defaults, and what the compiler rejects. */
class DifficultyRoutingCompileTest {
    @TempDir
    Path dir;

    private static final String GROQ = """
            apiVersion: modelproxy.io/v1alpha1
            kind: Provider
            metadata: {name: groq}
            spec:
              protocol: OpenAIChat
              baseUrl: https://api.groq.com/openai/v1
            ---
            """;

    private static final String TIERS = model("cheap", "aliases: [small]\nroutes: [{provider: groq, model: c}]")
            + model("big", "routes: [{provider: groq, model: b}]")
            + model("router-small", "modelName: router/small\nroutes: [{provider: groq, model: r}]");

    private ManifestSet read(String yaml) throws IOException {
        Path file = dir.resolve("manifests.yaml");
        Files.writeString(file, yaml);
        return new ManifestReader(Map.of()).read(file);
    }

    private CompileResult compile(String yaml) throws IOException {
        return ConfigCompiler.compile(read(yaml), null);
    }

    private static ModelConfig compiled(CompileResult result, String name) {
        return result.config().models().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    private List<String> lines(CompileResult result) {
        return result.problems().stream()
                .map(p -> p.toString().replace(dir.resolve("manifests.yaml") + ": ", ""))
                .toList();
    }

    @Test
    void targetsAndTheClassifierModelResolveToCanonicalNamesAndDefaultsApply() throws IOException {
        CompileResult result = compile(GROQ + TIERS + model("auto", """
                routes: [{provider: groq, model: a}]
                difficultyRouting:
                  classifier: {model: router/small}
                  targets: {easy: small, hard: big}"""));

        assertThat(result.problems()).isEmpty();
        assertThat(compiled(result, "auto").difficultyRouting()).isEqualTo(new ModelConfig.DifficultyRouting(
                new ModelConfig.Classifier("router/small", null, 2000, 2, 100),
                Map.of("easy", "cheap", "hard", "big"), 600, true));
        assertThat(compiled(result, "cheap").difficultyRouting()).isNull();
    }

    @Test
    void aHeuristicClassifierGetsItsDefaultThresholdsAndStickyFalseRemembersNothing() throws IOException {
        CompileResult result = compile(GROQ + TIERS + model("auto", """
                routes: [{provider: groq, model: a}]
                difficultyRouting:
                  classifier: {heuristic: {hardMinChars: 1000, hardKeywords: [proof]}, timeoutMillis: 50, retries: 0}
                  targets: {easy: cheap, medium: auto}
                  sticky: false
                  exposeHeaders: false"""));

        assertThat(result.problems()).isEmpty();
        // a target naming the model itself is its own routes
        assertThat(compiled(result, "auto").difficultyRouting()).isEqualTo(new ModelConfig.DifficultyRouting(
                new ModelConfig.Classifier(null, new ModelConfig.Heuristic(400, 1000, 2, 20, 0, 16, List.of("proof")),
                        50, 0, 100),
                Map.of("easy", "cheap"), 0, false));
    }

    @Test
    void aGatewayServesTheTargetsAndTheClassifierOfTheModelsItSelects() throws IOException {
        CompileResult result = compile(GROQ + TIERS.replace("metadata: {name: ", "metadata: {labels: {tier: x}, name: ")
                + model("auto", """
                        routes: [{provider: groq, model: a}]
                        difficultyRouting:
                          classifier: {model: router/small}
                          targets: {easy: cheap}""").replace("metadata: {name: auto}",
                        "metadata: {name: auto, labels: {front: \"yes\"}}")
                + """
                apiVersion: modelproxy.io/v1alpha1
                kind: ModelGateway
                metadata: {name: gw}
                spec:
                  modelSelector: {matchLabels: {front: "yes"}}
                """);

        assertThat(result.errors()).isEmpty();
        assertThat(result.config().models()).extracting(ModelConfig::name)
                .containsExactly("auto", "cheap", "router/small");
    }

    @Test
    void unknownTargetsAndClassifiersBadThresholdsAndBothClassifiersAreErrors() throws IOException {
        CompileResult result = compile(GROQ + TIERS
                + model("ghostly", """
                        routes: [{provider: groq, model: a}]
                        difficultyRouting:
                          classifier: {model: nobody}
                          targets: {hard: ghost}""")
                + model("both", """
                        routes: [{provider: groq, model: a}]
                        difficultyRouting:
                          classifier: {model: big, heuristic: {}}""")
                + model("inverted", """
                        routes: [{provider: groq, model: a}]
                        difficultyRouting:
                          classifier: {heuristic: {easyMaxChars: 5000}}""")
                + model("slow", """
                        routes: [{provider: groq, model: a}]
                        difficultyRouting:
                          classifier: {model: big, timeoutMillis: 0}"""));

        assertThat(result.config()).isNull();
        assertThat(lines(result)).containsExactlyInAnyOrder(
                "error: LogicalModel/slow: spec.difficultyRouting.classifier.timeoutMillis: must be at least 1, got 0",
                "error: LogicalModel/ghostly: spec.difficultyRouting.targets.hard: no LogicalModel has the name or alias ghost",
                "error: LogicalModel/ghostly: spec.difficultyRouting.classifier.model: no LogicalModel has the name or alias nobody",
                "error: LogicalModel/both: spec.difficultyRouting.classifier: set exactly one of model and heuristic",
                "error: LogicalModel/inverted: spec.difficultyRouting.classifier.heuristic.easyMaxChars: must be below"
                        + " hardMinChars (5000 is not below 4000)");
    }

    @Test
    void aRoutingCycleThroughDifficultyTargetsAndFallbacksIsAnError() throws IOException {
        CompileResult result = compile(GROQ
                + model("auto", """
                        routes: [{provider: groq, model: a}]
                        difficultyRouting:
                          classifier: {heuristic: {}}
                          targets: {easy: cheap}""")
                + model("cheap", "routes: [{provider: groq, model: c}]\nfallbacks: [auto]"));

        assertThat(result.config()).isNull();
        assertThat(lines(result)).filteredOn(line -> line.startsWith("error")).containsExactly(
                "error: LogicalModel/auto: spec.difficultyRouting.targets.easy: routing cycle through difficulty targets"
                        + " and fallbacks: auto -(easy)-> cheap -> auto",
                "error: LogicalModel/cheap: spec.fallbacks: routing cycle through difficulty targets and fallbacks:"
                        + " auto -(easy)-> cheap -> auto");
        assertThat(result.errors()).extracting(Problem::reason).containsOnly(Reason.FallbackCycle);
    }

    @Test
    void aHeldBackModelKeepsItsDifficultyRouting() throws IOException {
        String auto = model("auto", """
                routes: [{provider: groq, model: a}]
                difficultyRouting:
                  classifier: {model: router/small, retries: 1}
                  targets: {hard: big}
                  stickySeconds: 60""");
        GatewayConfig previous = ConfigCompiler.compile(read(GROQ + TIERS + auto), null).config();

        CompileResult result = ConfigCompiler.accept(read(GROQ + TIERS
                + auto.replace("stickySeconds: 60", "stickySeconds: 0")), null, previous);

        assertThat(result.heldBack()).extracting(HeldBack::name).containsExactly("auto");
        assertThat(compiled(result, "auto")).isEqualTo(previous.models().stream()
                .filter(m -> m.name().equals("auto")).findFirst().orElseThrow());
    }

    @Test
    void aHandWrittenConfigGetsTheDefaultsToo() throws IOException {
        GatewayConfig config = ConfigFile.read(new ByteArrayInputStream("""
                {"providers": [{"name": "groq", "protocol": "OpenAIChat", "baseUrl": "http://127.0.0.1:1/v1"}],
                 "models": [{"name": "auto", "routes": [{"provider": "groq", "model": "a"}],
                             "difficultyRouting": {"classifier": {"heuristic": {"hardMinTurns": 8}}, "targets": {"hard": "auto"}}}]}
                """.getBytes(StandardCharsets.UTF_8)));

        assertThat(config.models().getFirst().difficultyRouting()).isEqualTo(new ModelConfig.DifficultyRouting(
                new ModelConfig.Classifier(null, new ModelConfig.Heuristic(400, 4000, 2, 8, 0, 16,
                        ConfigDefaults.HEURISTIC.hardKeywords()), 2000, 2, 100),
                Map.of("hard", "auto"), 600, true));
    }
}
