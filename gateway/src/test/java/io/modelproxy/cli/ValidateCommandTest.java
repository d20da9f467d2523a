package io.modelproxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
    private static final String QUICKSTART = "../examples/quickstart";
    private static final String BROKEN = "src/test/resources/manifests/broken";
    /** Three of the six quickstart providers have a key. */
    private static final Map<String, String> SOME_KEYS = Map.of(
            "OPENAI_API_KEY", "sk-test-openai", "ANTHROPIC_API_KEY", "sk-ant-test", "GROQ_API_KEY", "gsk-test");

    private static final String QUICKSTART_PROBLEMS = """
            %1$s: ../examples/quickstart/secrets.yaml: Secret/cerebras-keys: stringData.api-key: ${CEREBRAS_API_KEY} is not set; key api-key is left out
            %1$s: ../examples/quickstart/secrets.yaml: Secret/gemini-keys: stringData.api-key: ${GEMINI_API_KEY} is not set; key api-key is left out
            %1$s: ../examples/quickstart/secrets.yaml: Secret/openrouter-keys: stringData.api-key: ${OPENROUTER_API_KEY} is not set; key api-key is left out
            %1$s: ../examples/quickstart/models.yaml: LogicalModel/gemini-flash: spec.routes: no usable route (no API key is set for Provider gemini); requests go to its fallbacks (fast)
            %1$s: ../examples/quickstart/models.yaml: LogicalModel/llama-70b: spec.routes: no usable route (no API key is set for Provider cerebras, openrouter); requests for llama-70b will fail
            """;

    @Test
    void theQuickstartIsValidAndUnsetVariablesAreWarnings() {
        Cli cli = Cli.run(SOME_KEYS, "validate", QUICKSTART);

        assertThat(cli.exitCode()).isZero();
        assertThat(cli.out()).isEqualTo(QUICKSTART_PROBLEMS.formatted("warning")
                + "../examples/quickstart: OK — 7 providers, 6 models, 0 gateways; 5 warnings\n");
        assertThat(cli.err()).isEmpty();
    }

    @Test
    void withEveryKeySetTheQuickstartHasNoWarning() {
        Map<String, String> env = new java.util.HashMap<>(SOME_KEYS);
        env.putAll(Map.of("CEREBRAS_API_KEY", "c", "GEMINI_API_KEY", "g", "OPENROUTER_API_KEY", "o"));

        assertThat(Cli.run(env, "validate", QUICKSTART)).isEqualTo(
                new Cli(0, "../examples/quickstart: OK — 7 providers, 6 models, 0 gateways; 0 warnings\n", ""));
    }

    @Test
    void strictTurnsWarningsIntoErrors() {
        Cli cli = Cli.run(SOME_KEYS, "validate", "--strict", QUICKSTART);

        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.out()).isEqualTo(QUICKSTART_PROBLEMS.formatted("error")
                + "../examples/quickstart: FAILED — 5 errors, 0 warnings; 7 providers, 6 models, 0 gateways\n");
    }

    @Test
    void listsEveryProblemWithItsFileAndReportsSkippedObjects() {
        Cli cli = Cli.run("validate", BROKEN);

        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.out()).isEqualTo("""
                error: %1$s/broken.yaml: document 2 (line 7): malformed YAML: while parsing a flow mapping: expected ',' or '}', but got : (line 11)
                error: %1$s/unknown-kind.yaml: Router/mystery: kind: unknown kind Router in modelproxy.io/v1alpha1 (expected Provider, LogicalModel or ModelGateway)
                error: %1$s/models.yaml: LogicalModel/second: spec.aliases[0]: alias quick is already an alias of LogicalModel/first (%1$s/models.yaml)
                error: %1$s/models.yaml: LogicalModel/ping: spec.fallbacks: fallback cycle: ping -> pong -> ping
                error: %1$s/models.yaml: LogicalModel/pong: spec.fallbacks: fallback cycle: ping -> pong -> ping
                error: %1$s/models.yaml: LogicalModel/dangling: spec.routes[0].provider: Provider nope not found
                warning: %1$s/models.yaml: LogicalModel/ping: spec.fallbacks[0]: fallback pong is left out (it is invalid); the other fallbacks serve
                a running gateway would hold back LogicalModel/second (%1$s/models.yaml): DuplicateAlias; it keeps serving its last valid version, or leaves it out if it never was valid
                a running gateway would hold back LogicalModel/dangling (%1$s/models.yaml): ProviderNotFound; it keeps serving its last valid version, or leaves it out if it never was valid
                a running gateway would hold back LogicalModel/pong (%1$s/models.yaml): FallbackCycle; it keeps serving its last valid version, or leaves it out if it never was valid
                %1$s: FAILED — 6 errors, 1 warning; 1 provider, 7 models, 0 gateways; 1 object of other kinds skipped
                """.formatted(BROKEN));
        assertThat(cli.out()).doesNotContain("literal-groq-key-value");
    }

    @Test
    void aGatewayThatDoesNotExistIsAnError() {
        Cli cli = Cli.run(SOME_KEYS, "validate", "--gateway", "edge", QUICKSTART);

        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.out()).contains("error: ModelGateway/edge: not found; no ModelGateway is defined\n")
                .endsWith("../examples/quickstart: FAILED — 1 error, 5 warnings; 7 providers, 6 models, 0 gateways\n");
    }

    @Test
    void difficultyRoutingProblemsAreReportedLikeAnyOther(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("models.yaml"), """
                apiVersion: modelproxy.io/v1alpha1
                kind: Provider
                metadata: {name: groq}
                spec: {protocol: OpenAIChat, baseUrl: "https://api.groq.com/openai/v1"}
                ---
                apiVersion: modelproxy.io/v1alpha1
                kind: LogicalModel
                metadata: {name: auto}
                spec:
                  routes: [{provider: groq, model: a}]
                  difficultyRouting:
                    classifier: {model: router-small}
                    targets: {easy: cheap, hard: huge}
                ---
                apiVersion: modelproxy.io/v1alpha1
                kind: LogicalModel
                metadata: {name: cheap}
                spec:
                  routes: [{provider: groq, model: c}]
                  fallbacks: [auto]
                """);

        Cli cli = Cli.run("validate", dir.toString());

        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.out()).contains(
                "error: %s: LogicalModel/auto: spec.difficultyRouting.targets.hard: no LogicalModel has the name or alias huge\n"
                        .formatted(dir.resolve("models.yaml")),
                "LogicalModel/auto: spec.difficultyRouting.classifier.model: no LogicalModel has the name or alias router-small",
                "LogicalModel/auto: spec.difficultyRouting.targets.easy: routing cycle through difficulty targets and"
                        + " fallbacks: auto -(easy)-> cheap -> auto",
                "LogicalModel/cheap: spec.fallbacks: routing cycle through difficulty targets and fallbacks:");
    }
}
