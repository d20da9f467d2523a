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
}
