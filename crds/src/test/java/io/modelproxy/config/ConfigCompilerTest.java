package io.modelproxy.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelproxy.api.ErrorAction;
import io.modelproxy.api.Dialect;
import io.modelproxy.api.Strategy;
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
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCompilerTest {
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

    private ManifestSet read(String yaml, Map<String, String> env) throws IOException {
        Path file = dir.resolve("manifests.yaml");
        Files.writeString(file, yaml);
        return new ManifestReader(env).read(file);
    }

    private CompileResult compile(String yaml) throws IOException {
        return compile(yaml, Map.of(), null);
    }

    private CompileResult compile(String yaml, Map<String, String> env, String gateway) throws IOException {
        return ConfigCompiler.compile(read(yaml, env), gateway);
    }

    /** Problems as printed, without the temporary directory. */
    private List<String> lines(CompileResult result) {
        return result.problems().stream()
                .map(p -> p.toString().replace(dir.resolve("manifests.yaml") + ": ", ""))
                .toList();
    }

    static String model(String name, String body) {
        return """
                apiVersion: modelproxy.io/v1alpha1
                kind: LogicalModel
                metadata: {name: %s}
                spec:
                %s
                ---
                """.formatted(name, body.indent(2).stripTrailing());
    }

    private static ProviderConfig provider(CompileResult result, String name) {
        return result.config().providers().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    private static ModelConfig model(CompileResult result, String name) {
        return result.config().models().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void appliesAuthAndHeaderDefaultsByProtocol() throws IOException {
        CompileResult result = compile("""
                apiVersion: modelproxy.io/v1alpha1
                kind: Provider
                metadata: {name: openai}
                spec: {protocol: OpenAIChat, baseUrl: https://api.openai.com/v1}
                ---
                apiVersion: modelproxy.io/v1alpha1
                kind: Provider
                metadata: {name: anthropic}
                spec: {protocol: AnthropicMessages, baseUrl: https://api.anthropic.com/v1}
                ---
                apiVersion: modelproxy.io/v1alpha1
                kind: Provider
                metadata: {name: google}
                spec:
                  protocol: OpenAIResponses
                  baseUrl: https://generativelanguage.googleapis.com/v1beta/openai
                  auth: {header: x-goog-api-key}
                ---
                apiVersion: modelproxy.io/v1alpha1
                kind: Provider
                metadata: {name: pinned}
                spec:
                  protocol: AnthropicMessages
                  baseUrl: https://proxy.example/anthropic
                  auth: {header: Authorization, scheme: Bearer}
                  headers: {Anthropic-Version: "2024-01-01", X-Team: a}
                  timeoutSeconds: 20
                  cooldownSeconds: 5
                  authFailureCooldownSeconds: 600
                  proxy: http://proxy.internal:3128
                  discovery: {enabled: false}
                  models: [{name: claude, contextWindow: 200000}]
                ---
                """ + model("m", """
                routes:
                  - {provider: openai, model: a}
                  - {provider: anthropic, model: b}
                  - {provider: google, model: c}
                  - {provider: pinned, model: d}
                """));

        assertThat(result.problems()).isEmpty();
        ProviderConfig openai = provider(result, "openai");
        assertThat(openai.protocol()).isEqualTo(Dialect.OpenAIChat);
        assertThat(openai.baseUrl()).isEqualTo("https://api.openai.com/v1");
        assertThat(openai.authHeader()).isEqualTo("Authorization");
        assertThat(openai.authScheme()).isEqualTo("Bearer");
        assertThat(openai.headers()).isEmpty();
        assertThat(openai.keys()).isEmpty();  // no apiKeys: the client's own credential is forwarded
        assertThat(openai.timeoutSeconds()).isEqualTo(60);
        assertThat(openai.cooldownSeconds()).isEqualTo(60);
        assertThat(openai.authFailureCooldownSeconds()).isEqualTo(3600);
        assertThat(openai.discovery()).isEqualTo(new ProviderConfig.Discovery(true, 3600, 2000));

        ProviderConfig anthropic = provider(result, "anthropic");
        assertThat(anthropic.authHeader()).isEqualTo("x-api-key");
        assertThat(anthropic.authScheme()).isEmpty();
        assertThat(anthropic.headers()).containsExactly(Map.entry("anthropic-version", "2023-06-01"));

        ProviderConfig google = provider(result, "google");
        assertThat(google.authHeader()).isEqualTo("x-goog-api-key");
        assertThat(google.authScheme()).as("a custom header carries the bare key").isEmpty();

        ProviderConfig pinned = provider(result, "pinned");
        assertThat(pinned.authHeader()).isEqualTo("Authorization");
        assertThat(pinned.authScheme()).isEqualTo("Bearer");
        assertThat(pinned.headers()).containsOnly(Map.entry("Anthropic-Version", "2024-01-01"), Map.entry("X-Team", "a"));
        assertThat(pinned.timeoutSeconds()).isEqualTo(20);
        assertThat(pinned.cooldownSeconds()).isEqualTo(5);
        assertThat(pinned.authFailureCooldownSeconds()).isEqualTo(600);
        assertThat(pinned.proxy()).isEqualTo("http://proxy.internal:3128");
        assertThat(pinned.discovery()).isEqualTo(new ProviderConfig.Discovery(false, 3600, 2000));
        assertThat(pinned.models()).containsExactly(new ProviderConfig.ModelInfo("claude", 200000, null));
    }

    @Test
    void theErrorPolicyIsTheProvidersOverridesThenTheDefaultTable() throws IOException {
        CompileResult result = compile("""
                apiVersion: modelproxy.io/v1alpha1
                kind: Provider
                metadata: {name: groq}
                spec:
                  protocol: OpenAIChat
                  baseUrl: https://api.groq.com/openai/v1
                  errorPolicy:
                    - {status: [429], action: RetryNextKey, cooldownSeconds: 7}
                    - {status: [400], bodyContains: context length, action: FallBack}
                ---
                """ + model("m", "routes: [{provider: groq, model: x}]"));

        assertThat(provider(result, "groq").errorPolicy()).containsExactly(
                new ProviderConfig.ErrorRule(List.of(429), null, ErrorAction.RetryNextKey, 7),
                new ProviderConfig.ErrorRule(List.of(400), "context length", ErrorAction.FallBack, null),
                new ProviderConfig.ErrorRule(List.of(401, 402, 403), null, ErrorAction.CooldownKeyForProvider, null),
                new ProviderConfig.ErrorRule(List.of(400), "credit balance is too low",
                        ErrorAction.CooldownKeyForProvider, null),
                new ProviderConfig.ErrorRule(List.of(429), "insufficient_quota", ErrorAction.CooldownKeyForProvider, null),
                new ProviderConfig.ErrorRule(List.of(429, 529), null, ErrorAction.CooldownKeyForModel, null),
                new ProviderConfig.ErrorRule(List.of(408, 500, 502, 503, 504), null, ErrorAction.FallBack, null),
                new ProviderConfig.ErrorRule(List.of(404), null, ErrorAction.FallBack, null));
    }

    @Test
    void appliesModelDefaultsAndKeepsWhatIsSet() throws IOException {
        CompileResult result = compile(GROQ + model("plain", "routes: [{provider: groq, model: llama}]") + model("tuned", """
                modelName: openai/tuned
                contextWindow: 32000
                defaultMaxTokens: 1000
                timeoutSeconds: 15
                routes: [{provider: groq, model: llama, weight: 5, contextWindow: 8000, maxOutputTokens: 100, timeoutSeconds: 9}]
                systemPrompt:
                  replacements: [{find: Claude Code, replace: the agent}, {find: remove me}]
                  append: Be brief.
                toolCallEnforcement: {enabled: true, maxRetries: 4, terminationFlag: DONE, guidance: Use tools.}
                """));

        assertThat(result.problems()).isEmpty();
        assertThat(model(result, "plain")).isEqualTo(new ModelConfig("plain", List.of(), null, 4096, 120,
                Strategy.Ordered, List.of(new ModelConfig.Route("groq", "llama", 1, null, null, null)), List.of(), null,
                new ModelConfig.ToolCallEnforcement(false, 2, "[[TASK_COMPLETE]]", null), null, null));
        assertThat(model(result, "openai/tuned")).isEqualTo(new ModelConfig("openai/tuned", List.of(), 32000, 1000, 15,
                Strategy.Ordered, List.of(new ModelConfig.Route("groq", "llama", 5, 8000, 100, 9)), List.of(),
                new ModelConfig.SystemPrompt(List.of(
                        new ModelConfig.SystemPrompt.Replacement("Claude Code", "the agent"),
                        new ModelConfig.SystemPrompt.Replacement("remove me", "")), "Be brief."),
                new ModelConfig.ToolCallEnforcement(true, 4, "DONE", "Use tools."), null, null));
        assertThat(result.config().version()).isEqualTo(GatewayConfig.CURRENT_VERSION);
        assertThat(result.config().gateway()).isEqualTo(GatewaySettings.defaults());
    }

    @Test
    void weightedStrategyNeedsAPositiveWeightOnEveryRoute() throws IOException {
        CompileResult result = compile(GROQ + model("spread", """
                strategy: Weighted
                routes:
                  - {provider: groq, model: a, weight: 2}
                  - {provider: groq, model: b}
                  - {provider: groq, model: c, weight: 0}
                """));

        assertThat(result.config()).isNull();
        assertThat(lines(result)).containsExactly(
                "error: LogicalModel/spread: spec.routes[1].weight: strategy Weighted needs a weight greater than 0 on every route",
                "error: LogicalModel/spread: spec.routes[2].weight: strategy Weighted needs a weight greater than 0 on every route");
    }

    @Test
    void checksWhatTheCrdSchemaChecks() throws IOException {
        CompileResult result = compile("""
                apiVersion: modelproxy.io/v1alpha1
                kind: Provider
                metadata: {name: bad}
                spec:
                  baseUrl: ftp://files.example
                  timeoutSeconds: 4000
                  cooldownSeconds: -1
                  proxy: "socks://nope"
                  auth: {header: "X Key"}
                  apiKeys: [{secretRef: {name: Not_A_Name}}]
                  errorPolicy: [{status: [700], action: Return}]
                ---
                apiVersion: modelproxy.io/v1alpha1
                kind: LogicalModel
                metadata: {name: empty}
                spec:
                  routes: []
                  toolCallEnforcement: {maxRetries: 11}
                ---
                apiVersion: modelproxy.io/v1alpha1
                kind: LogicalModel
                metadata: {name: no-spec}
                ---
                apiVersion: modelproxy.io/v1alpha1
                kind: ModelGateway
                metadata: {name: gw}
                spec: {maxRequestBytes: 10, service: {port: 70000}}
                """);

        assertThat(result.config()).isNull();
        assertThat(lines(result)).containsExactly(
                "error: Provider/bad: spec.protocol: required but missing",
                "error: Provider/bad: spec.apiKeys[0].secretRef.name: must match ^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$",
                "error: Provider/bad: spec.auth.header: must match ^[A-Za-z0-9-]+$",
                "error: Provider/bad: spec.baseUrl: must match ^https?://[^\\s/$.?#].[^\\s]*$",
                "error: Provider/bad: spec.cooldownSeconds: must be at least 0, got -1",
                "error: Provider/bad: spec.errorPolicy[0].status[0]: must be at most 599, got 700",
                "error: Provider/bad: spec.proxy: must match ^https?://[^\\s]+$",
                "error: Provider/bad: spec.timeoutSeconds: must be at most 3600, got 4000",
                "error: LogicalModel/empty: spec.routes: required but missing",
                "error: LogicalModel/empty: spec.toolCallEnforcement.maxRetries: must be at most 10, got 11",
                "error: LogicalModel/no-spec: spec.routes: required but missing",
                "error: ModelGateway/gw: spec.maxRequestBytes: must be at least 1024, got 10",
                "error: ModelGateway/gw: spec.service.port: must be at most 65535, got 70000");
        assertThat(result.problems()).extracting(Problem::reason).containsOnly(Reason.InvalidField);
    }

    @Test
    void missingSecretsAndKeysAreErrors() throws IOException {
        CompileResult result = compile("""
                apiVersion: modelproxy.io/v1alpha1
                kind: Provider
                metadata: {name: groq}
                spec:
                  protocol: OpenAIChat
                  baseUrl: https://api.groq.com/openai/v1
                  apiKeys:
                    - secretRef: {name: nowhere}
                    - secretRef: {name: groq-keys, key: key-9}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: groq-keys}
                stringData: {key-1: a, key-2: b}
                ---
                """ + model("m", "routes: [{provider: groq, model: x}]"));

        assertThat(result.config()).isNull();
        assertThat(lines(result)).containsExactly(
                "error: Provider/groq: spec.apiKeys[0].secretRef.name: Secret nowhere not found",
                "error: Provider/groq: spec.apiKeys[1].secretRef.key: Secret groq-keys has no key key-9 (it has: key-1, key-2)",
                "warning: LogicalModel/m: spec.routes: no usable route (Provider groq is invalid and left out);"
                        + " requests for m will fail");
        assertThat(result.problems()).extracting(Problem::reason)
                .containsExactly(Reason.SecretNotFound, Reason.SecretKeyMissing, Reason.NoUsableRoute);
    }

    @Test
    void aWholeSecretExpandsToEveryKeyInKeyOrderAfterTheReferencesBeforeIt() throws IOException {
        CompileResult result = compile("""
                apiVersion: modelproxy.io/v1alpha1
                kind: Provider
                metadata: {name: groq}
                spec:
                  protocol: OpenAIChat
                  baseUrl: https://api.groq.com/openai/v1
                  apiKeys:
                    - secretRef: {name: spare, key: one}
                    - secretRef: {name: pool}
                    - secretRef: {name: pool, key: key-a}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: pool}
                stringData: {key-b: b, key-a: a, key-2: two}
                data: {key-10: dGVu}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: spare}
                stringData: {one: "1", two: "2"}
                ---
                """ + model("m", "routes: [{provider: groq, model: x}]"));

        assertThat(result.problems()).isEmpty();
        assertThat(provider(result, "groq").keys()).containsExactly(
                new KeyRef("spare", "one"), new KeyRef("pool", "key-10"), new KeyRef("pool", "key-2"),
                new KeyRef("pool", "key-a"), new KeyRef("pool", "key-b"));
    }

    @Test
    void anUnsetVariableLeavesItsKeyOutWithAWarningAndAProviderWithoutKeysIsLeftOut() throws IOException {
        String yaml = """
                apiVersion: modelproxy.io/v1alpha1
                kind: Provider
                metadata: {name: groq}
                spec:
                  protocol: OpenAIChat
                  baseUrl: https://api.groq.com/openai/v1
                  apiKeys: [{secretRef: {name: groq-keys}}, {secretRef: {name: groq-spare, key: spare}}]
                ---
                apiVersion: modelproxy.io/v1alpha1
                kind: Provider
                metadata: {name: openai}
                spec:
                  protocol: OpenAIChat
                  baseUrl: https://api.openai.com/v1
                  apiKeys: [{secretRef: {name: openai-keys, key: main}}]
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: groq-keys}
                stringData: {key-1: "${GROQ_1}", key-2: "${GROQ_2}"}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: groq-spare}
                stringData: {spare: "${GROQ_SPARE}"}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: openai-keys}
                stringData: {main: "${OPENAI_API_KEY}"}
                ---
                """ + model("fast", "routes: [{provider: groq, model: llama}]")
                + model("smart", "routes: [{provider: openai, model: gpt-4o}]\nfallbacks: [fast]")
                + model("solo", "routes: [{provider: openai, model: gpt-4o-mini}]");

        CompileResult result = compile(yaml, Map.of("GROQ_2", "gsk-2"), null);

        assertThat(result.hasErrors()).isFalse();
        assertThat(lines(result)).containsExactly(
                "warning: Secret/groq-keys: stringData.key-1: ${GROQ_1} is not set; key key-1 is left out",
                "warning: Secret/groq-spare: stringData.spare: ${GROQ_SPARE} is not set; key spare is left out",
                "warning: Secret/openai-keys: stringData.main: ${OPENAI_API_KEY} is not set; key main is left out",
                "warning: LogicalModel/smart: spec.routes: no usable route (no API key is set for Provider openai);"
                        + " requests go to its fallbacks (fast)",
                "warning: LogicalModel/solo: spec.routes: no usable route (no API key is set for Provider openai);"
                        + " requests for solo will fail");
        assertThat(provider(result, "groq").keys()).containsExactly(new KeyRef("groq-keys", "key-2"));
        assertThat(result.config().providers()).extracting(ProviderConfig::name).containsExactly("groq");
        assertThat(model(result, "smart").routes()).isEmpty();
        assertThat(model(result, "smart").fallbacks()).containsExactly("fast");
    }

    @Test
    void aSecretWithNoKeysAtAllIsAWarningOnTheProvider() throws IOException {
        CompileResult result = compile("""
                apiVersion: modelproxy.io/v1alpha1
                kind: Provider
                metadata: {name: groq}
                spec: {protocol: OpenAIChat, baseUrl: https://api.groq.com/openai/v1, apiKeys: [{secretRef: {name: empty}}]}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: empty}
                ---
                """ + model("fast", "routes: [{provider: groq, model: llama}]"));

        assertThat(lines(result)).containsExactly(
                "warning: Provider/groq: spec.apiKeys: the Secrets it references hold no key; routes to this Provider are left out",
                "warning: LogicalModel/fast: spec.routes: no usable route (no API key is set for Provider groq);"
                        + " requests for fast will fail");
        assertThat(result.problems()).extracting(Problem::reason).containsExactly(Reason.NoKeys, Reason.NoUsableRoute);
    }

    @Test
    void fallbacksResolveAliasesAndModelNamesToCanonicalNames() throws IOException {
        CompileResult result = compile(GROQ
                + model("claude", "aliases: [sonnet, claude-sonnet-4-5]\nroutes: [{provider: groq, model: a}]")
                + model("gpt", "modelName: openai/gpt-4o\nroutes: [{provider: groq, model: b}]")
                + model("smart", "routes: [{provider: groq, model: c}]\nfallbacks: [sonnet, openai/gpt-4o, claude]"));

        assertThat(result.problems()).isEmpty();
        assertThat(model(result, "smart").fallbacks()).containsExactly("claude", "openai/gpt-4o");
        assertThat(model(result, "claude").aliases()).containsExactly("sonnet", "claude-sonnet-4-5");
        assertThat(result.config().models()).extracting(ModelConfig::name)
                .containsExactly("claude", "openai/gpt-4o", "smart");
    }

    @Test
    void reportsBrokenNamesFallbacksAndRoutes() throws IOException {
        CompileResult result = compile(GROQ + GROQ
                + model("a", "aliases: [shared]\nroutes: [{provider: groq, model: x}]\nfallbacks: [b]")
                + model("b", "routes: [{provider: groq, model: x}]\nfallbacks: [c-alias]")
                + model("c", "aliases: [c-alias]\nroutes: [{provider: groq, model: x}]\nfallbacks: [shared, ghost]")
                + model("d", "aliases: [shared, a, d, d-alias, d-alias]\nroutes: [{provider: groq, model: x}]")
                + model("e", "modelName: a\nroutes: [{provider: groq, model: x}]")
                + model("f", "aliases: [f-alias]\nroutes: [{provider: nope, model: x}]\nfallbacks: [f-alias]"));

        assertThat(result.config()).isNull();
        assertThat(lines(result)).containsExactly(
                "error: Provider/groq: metadata.name: Provider groq is defined twice; the first one, in "
                        + dir.resolve("manifests.yaml") + ", is used",
                "error: LogicalModel/e: spec.modelName: model name a is already used by LogicalModel/a ("
                        + dir.resolve("manifests.yaml") + ")",
                "error: LogicalModel/d: spec.aliases[0]: alias shared is already an alias of LogicalModel/a ("
                        + dir.resolve("manifests.yaml") + ")",
                "error: LogicalModel/d: spec.aliases[1]: alias a is already the name of LogicalModel/a ("
                        + dir.resolve("manifests.yaml") + ")",
                "warning: LogicalModel/d: spec.aliases[2]: alias d is listed already (as the model's name or an alias); ignored",
                "warning: LogicalModel/d: spec.aliases[4]: alias d-alias is listed already (as the model's name or an alias); ignored",
                "error: LogicalModel/c: spec.fallbacks[1]: no LogicalModel has the name or alias ghost",
                "error: LogicalModel/f: spec.fallbacks[0]: a LogicalModel cannot fall back to itself",
                "error: LogicalModel/a: spec.fallbacks: fallback cycle: a -> b -> c -> a",
                "error: LogicalModel/b: spec.fallbacks: fallback cycle: a -> b -> c -> a",
                "error: LogicalModel/c: spec.fallbacks: fallback cycle: a -> b -> c -> a",
                "error: LogicalModel/f: spec.routes[0].provider: Provider nope not found");
        assertThat(result.errors()).extracting(Problem::reason).containsExactly(
                Reason.DuplicateResource, Reason.DuplicateModelName, Reason.DuplicateAlias, Reason.DuplicateAlias,
                Reason.FallbackNotFound, Reason.InvalidField, Reason.FallbackCycle, Reason.FallbackCycle,
                Reason.FallbackCycle, Reason.ProviderNotFound);
    }

    @Test
    void displaysProblemsAsFileKindNameFieldMessage() throws IOException {
        CompileResult result = compile(model("m", "routes: [{provider: nope, model: x}]"));

        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.display()).isEqualTo(dir.resolve("manifests.yaml")
                    + ": LogicalModel/m: spec.routes[0].provider: Provider nope not found");
            assertThat(p).isEqualTo(Problem.error(Reason.ProviderNotFound, dir.resolve("manifests.yaml").toString(),
                    "LogicalModel", "m", "spec.routes[0].provider", "Provider nope not found"));
        });
    }

    private static final String SELECTION = """
            apiVersion: modelproxy.io/v1alpha1
            kind: Provider
            metadata: {name: free-provider}
            spec: {protocol: OpenAIChat, baseUrl: https://free.example/v1}
            ---
            apiVersion: modelproxy.io/v1alpha1
            kind: Provider
            metadata: {name: paid-provider}
            spec: {protocol: AnthropicMessages, baseUrl: https://paid.example/v1}
            ---
            apiVersion: modelproxy.io/v1alpha1
            kind: Provider
            metadata: {name: broken-provider}
            spec: {protocol: OpenAIChat, baseUrl: https://broken.example/v1, apiKeys: [{secretRef: {name: missing}}]}
            ---
            apiVersion: modelproxy.io/v1alpha1
            kind: LogicalModel
            metadata: {name: free, labels: {tier: free, team: a}}
            spec:
              routes: [{provider: free-provider, model: x}]
              fallbacks: [paid]
            ---
            apiVersion: modelproxy.io/v1alpha1
            kind: LogicalModel
            metadata: {name: paid, labels: {tier: paid}}
            spec:
              routes: [{provider: paid-provider, model: y}]
            ---
            apiVersion: modelproxy.io/v1alpha1
            kind: LogicalModel
            metadata: {name: other-team, labels: {tier: free, team: b}}
            spec:
              routes: [{provider: broken-provider, model: z}]
            ---
            apiVersion: modelproxy.io/v1alpha1
            kind: ModelGateway
            metadata: {name: free-gw}
            spec:
              replicas: 2
              image: ghcr.io/example/model-proxy:1.0
              resources: {limits: {cpu: 1, memory: 512Mi}, requests: {cpu: 100m}}
              service: {type: LoadBalancer, port: 8080}
              modelSelector:
                matchLabels: {tier: free}
                matchExpressions: [{key: team, operator: NotIn, values: [b]}]
              clientKeys: {secretRef: {name: clients}}
              cors: {origins: ["https://app.example"]}
              rateLimits: {requestsPerMinute: 60, tokensPerMinute: 100000}
              defaultContextWindow: 64000
              maxRequestBytes: 1048576
              requestLogging: {enabled: false}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: clients}
            stringData: {bob: "${BOB_KEY}", alice: "${ALICE_KEY}", carol: "${CAROL_KEY}"}
            """;

    @Test
    void aModelGatewayServesTheModelsItsSelectorMatchesPlusTheirFallbacks() throws IOException {
        CompileResult result = compile(SELECTION, Map.of("BOB_KEY", "b", "ALICE_KEY", "a"), null);

        assertThat(lines(result)).containsExactly(
                "warning: Secret/clients: stringData.carol: ${CAROL_KEY} is not set; key carol is left out",
                "warning: ModelGateway/free-gw: spec.sharedState: 2 replicas with rate limits and no shared state:"
                        + " each replica keeps its own budget, so a client gets up to 2 times its limit and a key"
                        + " cooled down on one replica is still tried by the others; set spec.sharedState.redis");
        assertThat(result.config().models()).extracting(ModelConfig::name).containsExactly("free", "paid");
        assertThat(result.config().providers()).extracting(ProviderConfig::name)
                .containsExactly("free-provider", "paid-provider");
        assertThat(result.config().gateway()).isEqualTo(new GatewaySettings("free-gw",
                List.of(new KeyRef("clients", "alice"), new KeyRef("clients", "bob")),
                List.of("https://app.example"), 60, 100000, 64000, 1048576L, false));
    }

    @Test
    void chooseTheGatewayByName() throws IOException {
        String two = SELECTION + """
                ---
                apiVersion: modelproxy.io/v1alpha1
                kind: ModelGateway
                metadata: {name: all}
                """;
        Map<String, String> env = Map.of("BOB_KEY", "b");

        assertThat(lines(compile(two, env, null))).contains(
                "error: ModelGateway/?: 2 ModelGateways are defined (free-gw, all); name the one to compile");
        assertThat(lines(compile(two, env, "ghost"))).contains(
                "error: ModelGateway/ghost: not found; ModelGateways defined: free-gw, all");
        CompileResult all = compile(two, env, "all");
        assertThat(all.hasErrors()).as("%s", all.problems()).isTrue();  // all models: other-team's broken Provider
        assertThat(lines(all)).contains("error: Provider/broken-provider: spec.apiKeys[0].secretRef.name: Secret missing not found");
        assertThat(compile(SELECTION, Map.of(), null).errors()).extracting(Problem::display).containsExactly(
                dir.resolve("manifests.yaml") + ": ModelGateway/free-gw: spec.clientKeys: no client key is set"
                        + " (the keys it references are unset or empty); the gateway would accept requests without a key");
    }

    @Test
    void anInvalidSelectorIsAnError() throws IOException {
        CompileResult result = compile(GROQ + model("m", "routes: [{provider: groq, model: x}]") + """
                apiVersion: modelproxy.io/v1alpha1
                kind: ModelGateway
                metadata: {name: gw}
                spec:
                  modelSelector:
                    matchExpressions:
                      - {key: tier, operator: Like, values: [a]}
                      - {key: tier, operator: In}
                      - {key: tier, operator: Exists, values: [a]}
                """);

        assertThat(lines(result)).containsExactly(
                "error: ModelGateway/gw: spec.modelSelector.matchExpressions[0].operator: must be one of In, NotIn, Exists, DoesNotExist",
                "error: ModelGateway/gw: spec.modelSelector.matchExpressions[1].values: must not be empty for operator In",
                "error: ModelGateway/gw: spec.modelSelector.matchExpressions[2].values: must be empty for operator Exists");
    }

    @Test
    void theConfigHoldsKeyReferencesNeverKeyValues() throws IOException {
        CompileResult result = compile("""
                apiVersion: modelproxy.io/v1alpha1
                kind: Provider
                metadata: {name: groq}
                spec: {protocol: OpenAIChat, baseUrl: https://api.groq.com/openai/v1, apiKeys: [{secretRef: {name: groq-keys}}]}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: groq-keys}
                stringData: {key-1: gsk-literal-secret-one}
                data: {key-2: Z3NrLWxpdGVyYWwtc2VjcmV0LXR3bw==}
                ---
                apiVersion: modelproxy.io/v1alpha1
                kind: ModelGateway
                metadata: {name: gw}
                spec: {clientKeys: {secretRef: {name: clients}}}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: clients}
                stringData: {alice: "client-secret-${ALICE}"}
                ---
                """ + model("m", "routes: [{provider: groq, model: x}]"), Map.of("ALICE", "xyz"), null);

        String json = result.config().toJson();
        assertThat(json).contains("\"key-1\"", "\"key-2\"", "\"alice\"")
                .doesNotContain("gsk-literal-secret-one", "gsk-literal-secret-two", "client-secret-xyz", "Z3Nr");
        assertThat(result.toString()).doesNotContain("gsk-literal-secret-one", "client-secret-xyz");
    }

    @Test
    void theSameInputGivesByteIdenticalJsonWhateverTheOrderOfObjects() throws IOException {
        ManifestSet set = read(SELECTION.replace("paid-provider}\nspec: {", "paid-provider}\nspec: {headers: {z-last: '1', A-first: '2', m-mid: '3'}, ")
                + "\n---\n" + model("extra", "aliases: [x2, x1]\nroutes: [{provider: free-provider, model: e}]"),
                Map.of("BOB_KEY", "b", "ALICE_KEY", "a", "CAROL_KEY", "c"));
        ManifestSet reversed = new ManifestSet(set.providers().reversed(), set.logicalModels().reversed(),
                set.gateways().reversed(), set.secrets().reversed(), set.skipped(), set.problems());

        String json = ConfigCompiler.compile(set, null).config().toJson();

        assertThat(ConfigCompiler.compile(set, null).config().toJson()).isEqualTo(json);
        assertThat(ConfigCompiler.compile(reversed, null).config().toJson()).isEqualTo(json);
        assertThat(json).containsSubsequence("\"A-first\"", "\"anthropic-version\"", "\"m-mid\"", "\"z-last\"");
        assertThat(GatewayConfig.fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(ConfigCompiler.compile(set, null).config());
    }

    /** LogicalModel {@code spec.difficultyRouting}: resolved references, defaults, and what the compiler rejects. */
    @Nested
    class DifficultyRoutingOfAModel {
        private static final String TIERS = model("cheap", "aliases: [small]\nroutes: [{provider: groq, model: c}]")
                + model("big", "routes: [{provider: groq, model: b}]")
                + model("router-small", "modelName: router/small\nroutes: [{provider: groq, model: r}]");

        @Test
        void targetsAndTheClassifierModelResolveToCanonicalNamesAndDefaultsApply() throws IOException {
            CompileResult result = compile(GROQ + TIERS + model("auto", """
                    routes: [{provider: groq, model: a}]
                    difficultyRouting:
                      classifier: {model: router/small}
                      targets: {easy: small, hard: big}"""));

            assertThat(result.problems()).isEmpty();
            assertThat(model(result, "auto").difficultyRouting()).isEqualTo(new ModelConfig.DifficultyRouting(
                    new ModelConfig.Classifier("router/small", null, 2000, 2, 100),
                    Map.of("easy", "cheap", "hard", "big"), 600, true));
            assertThat(model(result, "cheap").difficultyRouting()).isNull();
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
            assertThat(model(result, "auto").difficultyRouting()).isEqualTo(new ModelConfig.DifficultyRouting(
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
            GatewayConfig previous = ConfigCompiler.compile(read(GROQ + TIERS + auto, Map.of()), null).config();

            CompileResult result = ConfigCompiler.accept(read(GROQ + TIERS
                    + auto.replace("stickySeconds: 60", "stickySeconds: 0"), Map.of()), null, previous);

            assertThat(result.heldBack()).extracting(HeldBack::name).containsExactly("auto");
            assertThat(model(result, "auto")).isEqualTo(previous.models().stream()
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
}
