package io.modelproxy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelproxy.manifest.ManifestReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A hand-written GatewayConfig gets the compiler's defaults through the one shared path. */
class ConfigFileTest {
    @TempDir
    Path dir;

    private static GatewayConfig read(String json) throws IOException {
        return ConfigFile.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    private GatewayConfig compiled(String yaml) throws IOException {
        Path file = dir.resolve("m.yaml");
        Files.writeString(file, yaml);
        CompileResult result = ConfigCompiler.compile(new ManifestReader(Map.of()).read(file), null);
        assertThat(result.problems()).isEmpty();
        return result.config();
    }

    @Test
    void aHandWrittenProviderAndModelGetTheSameDefaultsAsCompiledOnes() throws IOException {
        GatewayConfig handWritten = read("""
                {"providers": [
                   {"name": "claude", "protocol": "AnthropicMessages", "baseUrl": "https://api.anthropic.com/v1"},
                   {"name": "groq", "protocol": "OpenAIChat", "baseUrl": "https://api.groq.com/openai/v1",
                    "cooldownSeconds": 0}],
                 "models": [{"name": "m", "routes": [{"provider": "groq", "model": "x"}, {"provider": "claude", "model": "y"}]}]}
                """);
        GatewayConfig fromManifests = compiled("""
                apiVersion: modelproxy.io/v1alpha1
                kind: Provider
                metadata: {name: claude}
                spec: {protocol: AnthropicMessages, baseUrl: 'https://api.anthropic.com/v1'}
                ---
                apiVersion: modelproxy.io/v1alpha1
                kind: Provider
                metadata: {name: groq}
                spec: {protocol: OpenAIChat, baseUrl: 'https://api.groq.com/openai/v1', cooldownSeconds: 0}
                ---
                apiVersion: modelproxy.io/v1alpha1
                kind: LogicalModel
                metadata: {name: m}
                spec: {routes: [{provider: groq, model: x}, {provider: claude, model: y}]}
                """);

        assertThat(handWritten.providers()).isEqualTo(fromManifests.providers());
        assertThat(handWritten.models()).isEqualTo(fromManifests.models());
        assertThat(handWritten.gateway()).isEqualTo(fromManifests.gateway());
        ProviderConfig groq = handWritten.providers().get(1);
        assertThat(groq.timeoutSeconds()).isEqualTo(60);
        assertThat(groq.cooldownSeconds()).as("0 is a value, not an absent field").isZero();
        assertThat(groq.errorPolicy()).isEqualTo(ProviderConfig.DEFAULT_ERROR_POLICY);
    }

    @Test
    void aCompiledConfigReadsBackUnchanged() throws IOException {
        GatewayConfig compiled = compiled("""
                apiVersion: modelproxy.io/v1alpha1
                kind: Provider
                metadata: {name: p}
                spec:
                  protocol: OpenAIChat
                  baseUrl: 'https://p.example/v1'
                  auth: {scheme: ''}
                  errorPolicy: [{status: [429], action: Return}]
                ---
                apiVersion: modelproxy.io/v1alpha1
                kind: LogicalModel
                metadata: {name: m}
                spec: {routes: [{provider: p, model: x}], timeoutSeconds: 7}
                """);

        assertThat(read(compiled.toJson())).isEqualTo(compiled);
        assertThat(compiled.providers().getFirst().authScheme()).isEmpty();
    }

    @Test
    void aFieldTheDefaultsCannotDoWithoutIsAClearError() {
        assertThatThrownBy(() -> read("""
                {"providers": [{"name": "p", "baseUrl": "https://p.example/v1"},
                               {"name": "q", "protocol": "OpenAIChat", "baseUrl": "https://q.example", "timeoutSeconds": 0}],
                 "models": [{"name": "m", "routes": [{"provider": "nope", "model": "x"}]}]}
                """)).isInstanceOf(IOException.class).hasMessage("invalid GatewayConfig: provider p: protocol is required;"
                + " provider q: timeoutSeconds must be a whole number of at least 1, got 0;"
                + " model m routes[0]: routes to unknown provider nope");
        assertThatThrownBy(() -> read("[1]")).hasMessageContaining("expected an object");
    }

    private static void assertRejected(String json, String... messages) {
        assertThatThrownBy(() -> read(json)).isInstanceOf(IOException.class)
                .hasMessageStartingWith("invalid GatewayConfig: ")
                .satisfies(e -> assertThat(e.getMessage()).contains(messages));
    }

    private static final String PROVIDERS = """
            "providers": [{"name": "claude", "protocol": "AnthropicMessages", "baseUrl": "https://a.example/v1"},
                          {"name": "oai", "protocol": "OpenAIChat", "baseUrl": "https://o.example/v1"}]""";

    @Test
    void aHandWrittenModelNeedsARouteAsALogicalModelDoes() {
        assertRejected("{" + PROVIDERS + """
                , "models": [{"name": "m", "routes": [{"provider": "oai", "model": "x"}]},
                             {"name": "only-fallbacks", "fallbacks": ["m"]}]}
                """, "model only-fallbacks: routes needs at least one route");
    }

    @Test
    void aCompiledModelWhoseRoutesWereAllDroppedForWantOfAKeyStillReads() throws IOException {
        Path file = dir.resolve("m.yaml");
        Files.writeString(file, """
                apiVersion: v1
                kind: Secret
                metadata: {name: keys}
                stringData: {k: '${UNSET_KEY}'}
                ---
                apiVersion: modelproxy.io/v1alpha1
                kind: Provider
                metadata: {name: p}
                spec: {protocol: OpenAIChat, baseUrl: 'https://p.example/v1', apiKeys: [{secretRef: {name: keys, key: k}}]}
                ---
                apiVersion: modelproxy.io/v1alpha1
                kind: Provider
                metadata: {name: free}
                spec: {protocol: OpenAIChat, baseUrl: 'https://f.example/v1'}
                ---
                apiVersion: modelproxy.io/v1alpha1
                kind: LogicalModel
                metadata: {name: keyed}
                spec: {routes: [{provider: p, model: x}], fallbacks: [backup]}
                ---
                apiVersion: modelproxy.io/v1alpha1
                kind: LogicalModel
                metadata: {name: backup}
                spec: {routes: [{provider: free, model: y}]}
                """);
        GatewayConfig compiled = ConfigCompiler.compile(new ManifestReader(Map.of()).read(file), null).config();
        assertThat(compiled.models()).filteredOn(m -> m.name().equals("keyed")).singleElement()
                .satisfies(m -> assertThat(m.routes()).isEmpty());

        assertThat(read(compiled.toJson())).isEqualTo(compiled);
    }

    @Test
    void fallbacksTargetsAndClassifiersMustNameAModelOfTheFileAndLeadNowhereCircular() {
        assertRejected("{" + PROVIDERS + """
                , "models": [
                  {"name": "a", "routes": [{"provider": "oai", "model": "x"}], "fallbacks": ["nope", "b"]},
                  {"name": "b", "routes": [{"provider": "oai", "model": "x"}], "fallbacks": ["a"]},
                  {"name": "c", "routes": [{"provider": "oai", "model": "x"}], "fallbacks": ["c"]},
                  {"name": "d", "routes": [{"provider": "oai", "model": "x"}],
                   "difficultyRouting": {"classifier": {"model": "ghost"}, "targets": {"hard": "phantom"}}}]}
                """,
                "model a: fallbacks[0]: no LogicalModel has the name or alias nope",
                "model a: fallbacks: fallback cycle: a -> b -> a",
                "model c: fallbacks[0]: " + ModelNames.SELF_FALLBACK,
                "model d: difficultyRouting.classifier.model: no LogicalModel has the name or alias ghost",
                "model d: difficultyRouting.targets.hard: no LogicalModel has the name or alias phantom");
    }

    @Test
    void aFallbackMayNameAnAliasAsInAManifest() throws IOException {
        GatewayConfig config = read("{" + PROVIDERS + """
                , "models": [{"name": "a", "routes": [{"provider": "oai", "model": "x"}], "fallbacks": ["bee"]},
                             {"name": "b", "aliases": ["bee"], "routes": [{"provider": "oai", "model": "x"}]}]}
                """);
        assertThat(config.models().getFirst().fallbacks()).containsExactly("bee");
    }

    @Test
    void modelNamesAndAliasesAreUnique() {
        assertRejected("{" + PROVIDERS + """
                , "models": [{"name": "a", "routes": [{"provider": "oai", "model": "x"}]},
                             {"name": "a", "routes": [{"provider": "oai", "model": "y"}]},
                             {"name": "b", "aliases": ["a"], "routes": [{"provider": "oai", "model": "x"}]}]}
                """, "model a: name: model name a is already used by LogicalModel/a",
                "model b: aliases[0]: alias a is already the name of LogicalModel/a");
    }

    @Test
    void anOperationTheRoutesProtocolsCannotServeIsAnError() {
        assertRejected("{" + PROVIDERS + """
                , "models": [{"name": "e", "operations": ["Embeddings"], "routes": [{"provider": "claude", "model": "x"}]}]}
                """, "model e: operations: Embeddings needs a route to an OpenAI-compatible Provider");
    }

    @Test
    void rateLimitsAndGatewaySizesMeetTheModelGatewaySchema() {
        assertRejected("{" + PROVIDERS + """
                , "gateway": {"requestsPerMinute": 0, "maxRequestBytes": 10,
                              "clientRateLimits": {"ci": {"tokensPerMinute": 0}},
                              "modelRateLimits": {"m": {"requestsPerMinute": -1}}},
                  "models": [{"name": "m", "routes": [{"provider": "oai", "model": "x"}]}]}
                """, "gateway: requestsPerMinute: must be at least 1, got 0",
                "gateway: maxRequestBytes: must be at least 1024, got 10",
                "gateway: rateLimits.clients.ci.tokensPerMinute: must be at least 1, got 0",
                "gateway: rateLimits.models.m.requestsPerMinute: must be at least 1, got -1");
    }

    @Test
    void providerAndModelFieldsMeetTheCrdSchemaAndItsRules() {
        assertRejected("""
                {"providers": [
                   {"name": "slow", "protocol": "OpenAIChat", "baseUrl": "https://s.example/v1", "timeoutSeconds": 4000},
                   {"name": "odd", "protocol": "OpenAIChat", "baseUrl": "ftp://o.example", "mock": {"reply": "hi"},
                    "errorPolicy": [{"status": [42], "action": "FallBack"}]}],
                 "models": [{"name": "m", "routes": [{"provider": "slow", "model": "x"}]}]}
                """, "provider slow: timeoutSeconds: must be at most 3600, got 4000",
                "provider odd: baseUrl: must match",
                "provider odd: mock: applies only to protocol Mock",
                "provider odd: errorPolicy[0].status[0]: must be at least 100, got 42");
        assertRejected("""
                {"providers": [{"name": "slow", "protocol": "OpenAIChat", "baseUrl": "https://s.example/v1"}],
                 "models": [{"name": "w", "strategy": "Weighted", "routes": [{"provider": "slow", "model": "x", "weight": 0}]},
                            {"name": "long", "timeoutSeconds": 7200, "routes": [{"provider": "slow", "model": "x"}]}]}
                """, "model w: routes[0].weight: " + ModelNames.WEIGHTED,
                "model long: timeoutSeconds: must be at most 3600, got 7200");
    }
}
