package io.modelproxy.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelproxy.api.ModelOperation;
import io.modelproxy.manifest.ManifestReader;
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

/** LogicalModel spec.operations and ModelGateway spec.passthrough, compiled and checked. */
class OperationsCompileTest {
    @TempDir
    Path dir;

    private static final String PROVIDERS = """
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
            """;

    private CompileResult compile(String yaml) throws IOException {
        Path file = dir.resolve("manifests.yaml");
        Files.writeString(file, PROVIDERS + yaml);
        return ConfigCompiler.compile(new ManifestReader(Map.of()).read(file), null);
    }

    private List<String> lines(CompileResult result) {
        return result.problems().stream()
                .map(p -> p.toString().replace(dir.resolve("manifests.yaml") + ": ", ""))
                .toList();
    }

    private static ModelConfig model(CompileResult result, String name) {
        return result.config().models().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aModelServesChatUnlessItSaysOtherwise() throws IOException {
        CompileResult result = compile(ConfigCompilerTest.model("chat", "routes: [{provider: anthropic, model: c}]")
                + ConfigCompilerTest.model("vectors", """
                        operations: [Embeddings, Embeddings]
                        routes: [{provider: openai, model: text-embedding-3-small}]"""));

        assertThat(lines(result)).containsExactly(
                "warning: LogicalModel/vectors: spec.operations[1]: Embeddings is listed twice; ignored");
        assertThat(model(result, "chat").operations()).containsExactly(ModelOperation.Chat);
        assertThat(model(result, "vectors").operations()).containsExactly(ModelOperation.Embeddings);
        assertThat(result.config().toJson()).contains("\"operations\" : [ \"Embeddings\" ]");
    }

    @Test
    void anOperationNoRouteCanServeIsAnErrorAndAnUnusableRouteOrFallbackAWarning() throws IOException {
        CompileResult result = compile(ConfigCompilerTest.model("whisper", """
                        operations: [Transcription, Translation]
                        routes: [{provider: anthropic, model: claude}]""")
                + ConfigCompilerTest.model("mixed", """
                        operations: [Embeddings]
                        routes: [{provider: openai, model: e}, {provider: anthropic, model: claude}]
                        fallbacks: [chat]""")
                + ConfigCompilerTest.model("chat", "routes: [{provider: openai, model: gpt}]")
                + ConfigCompilerTest.model("unknown-op", """
                        operations: [Painting]
                        routes: [{provider: openai, model: gpt}]"""));

        assertThat(lines(result)).contains(
                "warning: LogicalModel/whisper: spec.routes[0].provider: Provider anthropic speaks AnthropicMessages,"
                        + " which serves none of this model's operations (Transcription, Translation); the route is never used",
                "error: LogicalModel/whisper: spec.operations: Transcription needs a route to an OpenAI-compatible"
                        + " Provider (OpenAIChat or OpenAIResponses); every route of this model goes to AnthropicMessages providers",
                "error: LogicalModel/whisper: spec.operations: Translation needs a route to an OpenAI-compatible"
                        + " Provider (OpenAIChat or OpenAIResponses); every route of this model goes to AnthropicMessages providers",
                "warning: LogicalModel/mixed: spec.routes[1].provider: Provider anthropic speaks AnthropicMessages,"
                        + " which serves none of this model's operations (Embeddings); the route is never used",
                "warning: LogicalModel/mixed: spec.fallbacks: fallback chat serves Chat, none of this model's"
                        + " operations (Embeddings); it is never tried");
        assertThat(result.errors()).extracting(Problem::name).contains("whisper", "unknown-op");
        assertThat(result.errors()).filteredOn(p -> p.name().equals("unknown-op")).singleElement()
                .satisfies(p -> assertThat(p.field()).startsWith("spec.operations"));
    }

    @Test
    void theAcceptedConfigLeavesOutOnlyTheModelWhoseOperationCannotBeServed() throws IOException {
        Path file = dir.resolve("manifests.yaml");
        Files.writeString(file, PROVIDERS + ConfigCompilerTest.model("whisper", """
                operations: [Transcription]
                routes: [{provider: anthropic, model: claude}]""")
                + ConfigCompilerTest.model("chat", "routes: [{provider: anthropic, model: claude}]"));

        CompileResult result = ConfigCompiler.accept(new ManifestReader(Map.of()).read(file), null, null);

        assertThat(result.config().models()).extracting(ModelConfig::name).containsExactly("chat");
    }

    @Test
    void thePassthroughProviderIsCompiledEvenWhenNoModelRoutesToIt() throws IOException {
        CompileResult result = compile(ConfigCompilerTest.model("chat", "routes: [{provider: anthropic, model: c}]") + """
                apiVersion: modelproxy.io/v1alpha1
                kind: ModelGateway
                metadata: {name: gw}
                spec: {passthrough: {provider: openai}}
                """);

        assertThat(result.problems()).isEmpty();
        assertThat(result.config().gateway().passthroughProvider()).isEqualTo("openai");
        assertThat(result.config().providers()).extracting(ProviderConfig::name).containsExactly("anthropic", "openai");
    }

    @Test
    void aPassthroughToAMissingProviderIsAnErrorOnTheGateway() throws IOException {
        CompileResult result = compile(ConfigCompilerTest.model("chat", "routes: [{provider: anthropic, model: c}]") + """
                apiVersion: modelproxy.io/v1alpha1
                kind: ModelGateway
                metadata: {name: gw}
                spec: {passthrough: {provider: elsewhere}}
                """);
        CompileResult empty = compile(ConfigCompilerTest.model("chat", "routes: [{provider: anthropic, model: c}]") + """
                apiVersion: modelproxy.io/v1alpha1
                kind: ModelGateway
                metadata: {name: gw}
                spec: {passthrough: {}}
                """);

        assertThat(lines(result)).containsExactly(
                "error: ModelGateway/gw: spec.passthrough.provider: Provider elsewhere not found");
        assertThat(result.errors()).extracting(Problem::reason).containsExactly(Reason.ProviderNotFound);
        assertThat(lines(empty)).singleElement().asString().startsWith("error: ModelGateway/gw: spec.passthrough.provider: ");
    }

    @Test
    void aHandWrittenConfigGetsChatAndItsPassthroughProviderIsChecked() throws IOException {
        GatewayConfig config = ConfigFile.read(new ByteArrayInputStream("""
                {"providers": [{"name": "p", "protocol": "OpenAIChat", "baseUrl": "http://x/v1"}],
                 "models": [{"name": "m", "routes": [{"provider": "p", "model": "u"}]}]}
                """.getBytes(StandardCharsets.UTF_8)));
        assertThat(config.models().getFirst().operations()).containsExactly(ModelOperation.Chat);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConfigFile.read(new ByteArrayInputStream("""
                {"gateway": {"passthroughProvider": "nobody"}, "providers": [], "models": []}
                """.getBytes(StandardCharsets.UTF_8))))
                .hasMessageContaining("passthroughProvider names unknown provider nobody");
    }
}
