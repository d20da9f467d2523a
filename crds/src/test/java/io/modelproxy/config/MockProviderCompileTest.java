package io.modelproxy.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelproxy.api.Dialect;
import io.modelproxy.manifest.ManifestReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Provider of protocol Mock: no base URL or keys, its answers' settings with defaults, and the fields that do not apply refused. */
class MockProviderCompileTest {
    @TempDir
    Path dir;

    private CompileResult compile(String provider) throws IOException {
        Path file = dir.resolve("manifests.yaml");
        Files.writeString(file, provider + """
                ---
                apiVersion: modelproxy.io/v1alpha1
                kind: LogicalModel
                metadata: {name: demo}
                spec:
                  routes: [{provider: mock, model: echo}]
                """);
        return ConfigCompiler.compile(new ManifestReader(Map.of()).read(file), null);
    }

    private static String mock(String spec) {
        return """
                apiVersion: modelproxy.io/v1alpha1
                kind: Provider
                metadata: {name: mock}
                spec:
                %s
                """.formatted(spec.indent(2).stripTrailing());
    }

    @Test
    void compilesWithDefaultsAndNoUpstream() throws IOException {
        CompileResult result = compile(mock("protocol: Mock"));

        assertThat(result.problems()).isEmpty();
        ProviderConfig p = result.config().providers().getFirst();
        assertThat(p.protocol()).isEqualTo(Dialect.Mock);
        assertThat(p.baseUrl()).isNull();
        assertThat(p.keys()).isEmpty();
        assertThat(p.discovery().enabled()).isFalse();
        assertThat(p.mock()).isEqualTo(new ProviderConfig.Mock(null, 0, 8));
        assertThat(result.config().models().getFirst().routes()).hasSize(1);
    }

    @Test
    void keepsTheGivenAnswerSettings() throws IOException {
        CompileResult result = compile(mock("""
                protocol: Mock
                timeoutSeconds: 5
                mock: {reply: "pong", latencyMillis: 250, chunkChars: 2}"""));

        assertThat(result.problems()).isEmpty();
        ProviderConfig p = result.config().providers().getFirst();
        assertThat(p.mock()).isEqualTo(new ProviderConfig.Mock("pong", 250, 2));
        assertThat(p.timeoutSeconds()).isEqualTo(5);
    }

    @Test
    void aHandWrittenMockProviderGetsTheSameDefaults() throws IOException {
        GatewayConfig handWritten = ConfigFile.read(new ByteArrayInputStream("""
                {"providers": [{"name": "mock", "protocol": "Mock"}],
                 "models": [{"name": "demo", "routes": [{"provider": "mock", "model": "echo"}]}]}
                """.getBytes(StandardCharsets.UTF_8)));

        assertThat(handWritten.providers()).isEqualTo(compile(mock("protocol: Mock")).config().providers());
    }

    @Test
    void refusesUpstreamFieldsOnAMockProvider() throws IOException {
        CompileResult result = compile(mock("""
                protocol: Mock
                baseUrl: https://api.openai.com/v1
                apiKeys: [{secretRef: {name: keys}}]
                http: {version: HTTP1}"""));

        assertThat(result.errors()).extracting(pr -> pr.field() + ": " + pr.message()).contains(
                "spec.baseUrl: does not apply to protocol Mock, which answers locally with no upstream; remove it",
                "spec.apiKeys: does not apply to protocol Mock, which answers locally with no upstream; remove it",
                "spec.http: does not apply to protocol Mock, which answers locally with no upstream; remove it");
        assertThat(result.gatewayConfig().map(GatewayConfig::providers).orElse(java.util.List.of())).isEmpty();
    }

    @Test
    void refusesMockSettingsOnOtherProtocolsAndAMissingBaseUrl() throws IOException {
        CompileResult result = compile(mock("""
                protocol: OpenAIChat
                mock: {reply: "pong"}"""));

        assertThat(result.errors()).extracting(pr -> pr.field() + ": " + pr.message()).containsExactlyInAnyOrder(
                "spec.baseUrl: required (only protocol Mock has none)",
                "spec.mock: applies only to protocol Mock");
    }

    @Test
    void refusesOutOfRangeSettings() throws IOException {
        CompileResult result = compile(mock("""
                protocol: Mock
                mock: {latencyMillis: -1, chunkChars: 0}"""));

        assertThat(result.errors()).extracting(pr -> pr.field()).contains("spec.mock.latencyMillis", "spec.mock.chunkChars");
    }
}
