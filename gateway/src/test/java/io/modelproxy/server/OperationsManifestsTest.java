package io.modelproxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import io.modelproxy.configsource.ManifestConfigSource;
import io.modelproxy.testing.FakeUpstream;
import io.modelproxy.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** spec.operations and spec.passthrough written as manifests reach the running gateway (standalone). */
class OperationsManifestsTest {
    @RegisterExtension
    static final FakeUpstream upstream = new FakeUpstream();

    @TempDir
    Path dir;

    private GatewayServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private AggregatedHttpResponse post(String path, String json) {
        return WebClient.of(server.uri()).execute(HttpRequest.of(HttpMethod.POST, path, MediaType.JSON_UTF_8, json))
                .aggregate().join();
    }

    @Test
    void anEmbeddingsModelAndThePassthroughProviderServeFromManifests() throws Exception {
        Files.writeString(dir.resolve("manifests.yaml"), """
                apiVersion: modelproxy.io/v1alpha1
                kind: Provider
                metadata: {name: openai}
                spec:
                  protocol: OpenAIChat
                  baseUrl: %s
                  apiKeys: [{secretRef: {name: openai-keys}}]
                  discovery: {enabled: false}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: openai-keys}
                stringData: {key-1: sk-manifest-1}
                ---
                apiVersion: modelproxy.io/v1alpha1
                kind: LogicalModel
                metadata: {name: embed}
                spec:
                  operations: [Embeddings]
                  routes: [{provider: openai, model: text-embedding-3-small}]
                ---
                apiVersion: modelproxy.io/v1alpha1
                kind: ModelGateway
                metadata: {name: local}
                spec:
                  passthrough: {provider: openai}
                """.formatted(upstream.baseUrl()));
        upstream.answer(call -> call.path().equals("/v1/embeddings")
                ? FakeUpstream.json(200, Fixtures.text("operations/embeddings.json"))
                : FakeUpstream.json(200, "{\"object\":\"batch\",\"id\":\"batch_1\"}"));
        server = GatewayServer.builder(new ManifestConfigSource(dir, Map.of(), null, Duration.ofMillis(200)))
                .host("127.0.0.1").port(0).shutdownGrace(Duration.ZERO).build().start();

        AggregatedHttpResponse embeddings = post("/v1/embeddings", "{\"model\":\"embed\",\"input\":\"x\"}");
        AggregatedHttpResponse chat = post("/v1/chat/completions", "{\"model\":\"embed\",\"messages\":[]}");
        AggregatedHttpResponse batches = post("/v1/batches", "{\"input_file_id\":\"file-1\",\"endpoint\":\"/v1/embeddings\"}");

        assertThat(embeddings.status().code()).isEqualTo(200);
        assertThat(embeddings.contentUtf8()).contains("\"model\": \"embed\"").doesNotContain("text-embedding-3-small");
        assertThat(chat.status().code()).isEqualTo(400);
        assertThat(batches.status().code()).isEqualTo(200);
        assertThat(upstream.calls("/v1/batches")).singleElement()
                .satisfies(c -> assertThat(c.key()).isEqualTo("sk-manifest-1"));
    }
}
