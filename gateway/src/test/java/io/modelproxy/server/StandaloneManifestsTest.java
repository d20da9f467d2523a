package io.modelproxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import io.modelproxy.configsource.ManifestConfigSource;
import io.modelproxy.testing.FakeUpstream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Standalone mode: a directory of manifests compiled in-process, keys from ${VAR}, edits reload. */
class StandaloneManifestsTest {
    private static final String CHAT = "{\"model\":\"turbo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @RegisterExtension
    static final FakeUpstream upstream = new FakeUpstream();

    @TempDir
    Path dir;

    private GatewayServer server;

    @BeforeEach
    void answer() {
        upstream.reset();
        upstream.answer(FailoverTest::ok);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void writeManifests(String upstreamModel) throws Exception {
        Files.writeString(dir.resolve("providers.yaml"), """
                apiVersion: modelproxy.io/v1alpha1
                kind: Provider
                metadata: {name: local}
                spec:
                  protocol: OpenAIChat
                  baseUrl: %s
                  apiKeys:
                    - secretRef: {name: local-keys}
                  discovery: {enabled: false}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: local-keys}
                stringData:
                  key-1: ${LOCAL_API_KEY}
                  key-2: ${UNSET_API_KEY}
                """.formatted(upstream.baseUrl()));
        Files.writeString(dir.resolve("models.yaml"), """
                apiVersion: modelproxy.io/v1alpha1
                kind: LogicalModel
                metadata: {name: turbo}
                spec:
                  routes:
                    - {provider: local, model: %s}
                """.formatted(upstreamModel));
    }

    private AggregatedHttpResponse get(String path) {
        return WebClient.of(server.uri()).get(path).aggregate().join();
    }

    private AggregatedHttpResponse chat() {
        return WebClient.of(server.uri()).execute(HttpRequest.of(HttpMethod.POST, "/v1/chat/completions",
                MediaType.JSON_UTF_8, CHAT)).aggregate().join();
    }

    @Test
    void servesManifestsWithKeysFromTheEnvironmentAndReloadsEdits() throws Exception {
        writeManifests("upstream-a");
        server = GatewayServer.builder(new ManifestConfigSource(dir, Map.of("LOCAL_API_KEY", "sk-local-1"), null,
                        Duration.ofMillis(200)))
                .host("127.0.0.1").port(0).shutdownGrace(Duration.ZERO).build().start();

        AggregatedHttpResponse first = chat();
        assertThat(first.status().code()).isEqualTo(200);
        assertThat(first.headers().get("x-model-proxy-route")).isEqualTo("local/upstream-a");
        assertThat(upstream.calls().getLast().key()).isEqualTo("sk-local-1");
        assertThat(upstream.calls().getLast().model()).isEqualTo("upstream-a");
        // the unset variable left one key out; the provider serves with the key it has, and says so
        String health = get("/health/detailed").contentUtf8();
        assertThat(health).contains("${UNSET_API_KEY} is not set; key key-2 is left out").doesNotContain("sk-local-1");

        writeManifests("upstream-b");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(chat().headers().get("x-model-proxy-route")).isEqualTo("local/upstream-b"));

        // a broken edit is reported and the last good config keeps serving
        Files.writeString(dir.resolve("models.yaml"), """
                apiVersion: modelproxy.io/v1alpha1
                kind: LogicalModel
                metadata: {name: turbo}
                spec: {routes: [{provider: nowhere, model: x}]}
                """);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(get("/health/detailed").contentUtf8()).contains("Provider nowhere not found"));
        AggregatedHttpResponse still = chat();
        assertThat(still.status().code()).isEqualTo(200);
        assertThat(still.headers().get("x-model-proxy-route")).isEqualTo("local/upstream-b");
    }

    @Test
    void aBrokenEditInOneFileLeavesTheOtherFilesEditsServedAndNamesTheHeldBackObject() throws Exception {
        writeManifests("upstream-a");
        Files.writeString(dir.resolve("team-b.yaml"), """
                apiVersion: modelproxy.io/v1alpha1
                kind: LogicalModel
                metadata: {name: other}
                spec: {routes: [{provider: local, model: other-up}]}
                """);
        server = GatewayServer.builder(new ManifestConfigSource(dir, Map.of("LOCAL_API_KEY", "sk-local-1"), null,
                        Duration.ofMillis(200)))
                .host("127.0.0.1").port(0).shutdownGrace(Duration.ZERO).build().start();
        assertThat(chat().headers().get("x-model-proxy-route")).isEqualTo("local/upstream-a");

        // team A breaks its model (a schema error); team B adds an alias in its own file
        Files.writeString(dir.resolve("models.yaml"), """
                apiVersion: modelproxy.io/v1alpha1
                kind: LogicalModel
                metadata: {name: turbo}
                spec: {timeoutSeconds: 0, routes: [{provider: local, model: upstream-z}]}
                """);
        Files.writeString(dir.resolve("team-b.yaml"), """
                apiVersion: modelproxy.io/v1alpha1
                kind: LogicalModel
                metadata: {name: other}
                spec: {aliases: [other-alias], routes: [{provider: local, model: other-up}]}
                """);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(WebClient.of(server.uri())
                .execute(HttpRequest.of(HttpMethod.POST, "/v1/chat/completions", MediaType.JSON_UTF_8,
                        CHAT.replace("turbo", "other-alias"))).aggregate().join().status().code()).isEqualTo(200));
        assertThat(upstream.calls().getLast().model()).isEqualTo("other-up");
        AggregatedHttpResponse turbo = chat();
        assertThat(turbo.status().code()).isEqualTo(200);
        assertThat(turbo.headers().get("x-model-proxy-route")).as("the last valid version").isEqualTo("local/upstream-a");
        com.fasterxml.jackson.databind.JsonNode heldBack = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(get("/health/detailed").contentUtf8()).path("config").path("heldBack");
        assertThat(heldBack).hasSize(1);
        assertThat(heldBack.get(0).asText()).startsWith("LogicalModel/turbo (" + dir.resolve("models.yaml"))
                .contains("spec.timeoutSeconds: must be at least 1").endsWith("serving its last valid version");
    }
}
