package io.modelproxy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import io.modelproxy.server.GatewayServer;
import io.modelproxy.testing.FakeUpstream;
import io.modelproxy.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code serve --manifests DIR} serves the admin over DIR, and the gateway picks up what it writes; the
 * admin reads the gateway's recent requests and key states, and its test bench goes through the serving
 * gateway itself.
 */
class ServeAdminTest {
    private static final String UPSTREAM_KEY = "sk-test-serve-admin-3b1";

    @RegisterExtension
    static final FakeUpstream upstream = new FakeUpstream();

    /** A Provider at {@code baseUrl} with its key, and the LogicalModel {@code first} routed to it. */
    private static void writeManifests(Path dir, String baseUrl) throws java.io.IOException {
        Files.writeString(dir.resolve("providers.yaml"), """
                apiVersion: modelproxy.io/v1alpha1
                kind: Provider
                metadata: {name: local}
                spec:
                  protocol: OpenAIChat
                  baseUrl: %s
                  apiKeys: [{secretRef: {name: local-keys}}]
                  discovery: {enabled: false}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: local-keys}
                stringData: {key-1: %s}
                """.formatted(baseUrl, UPSTREAM_KEY));
        Files.writeString(dir.resolve("models.yaml"), """
                apiVersion: modelproxy.io/v1alpha1
                kind: LogicalModel
                metadata: {name: first}
                spec:
                  routes: [{provider: local, model: m1}]
                """);
    }

    @Test
    void theAdminEditsTheDirectoryTheGatewayServes(@TempDir Path dir) throws Exception {
        writeManifests(dir, "http://127.0.0.1:9/v1");
        ServeCommand command = new ServeCommand(Map.of("ADMIN_API_KEY", "admin-key-serve-test"));
        new CommandLine(command).parseArgs("--manifests", dir.toString(), "--port", "0");
        GatewayServer gateway = command.start(command.configSource(), null);
        try {
            BlockingWebClient web = WebClient.of("http://127.0.0.1:" + gateway.port()).blocking();
            assertThat(web.get("/setup/").status().code()).isEqualTo(200);
            assertThat(web.get("/v1/admin/models").status().code()).isEqualTo(401);
            AggregatedHttpResponse put = web.execute(RequestHeaders.builder(HttpMethod.PUT, "/v1/admin/models/second")
                            .add("authorization", "Bearer admin-key-serve-test").contentType(MediaType.JSON_UTF_8).build(),
                    "{\"spec\": {\"routes\": [{\"provider\": \"local\", \"model\": \"m2\"}]}}");
            assertThat(put.status().code()).as(put.contentUtf8()).isEqualTo(200);
            assertThat(Files.readString(dir.resolve("models.yaml"))).contains("name: second");
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(web.get("/v1/models").contentUtf8()).contains("\"second\""));

            // the admin reads the gateway's live state: recent requests and key states
            web.execute(RequestHeaders.builder(HttpMethod.POST, "/v1/chat/completions").contentType(MediaType.JSON_UTF_8).build(),
                    "{\"model\":\"first\",\"messages\":[]}");
            RequestHeaders requests = RequestHeaders.builder(HttpMethod.GET, "/v1/admin/requests")
                    .add("authorization", "Bearer admin-key-serve-test").build();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(web.execute(requests).contentUtf8())
                    .contains("\"model\":\"first\"").contains("\"route\":\"local/m1\""));
            String keys = web.execute(RequestHeaders.builder(HttpMethod.GET, "/v1/admin/keys")
                    .add("authorization", "Bearer admin-key-serve-test").build()).contentUtf8();
            assertThat(keys).contains("\"liveStates\":true").contains("\"state\":\"ready\"");
        } finally {
            gateway.close();
        }
    }

    @Test
    void theTestBenchStreamsAnAnswerThroughTheServingGateway(@TempDir Path dir) throws Exception {
        upstream.answer(call -> FakeUpstream.sse(Fixtures.text("chat-stream.sse")));
        writeManifests(dir, upstream.baseUrl());
        ServeCommand command = new ServeCommand(Map.of("ADMIN_API_KEY", "admin-key-bench-test",
                "CLIENT_API_KEY", "client-key-bench-test"));
        new CommandLine(command).parseArgs("--manifests", dir.toString(), "--port", "0", "--host", "0.0.0.0");
        GatewayServer gateway = command.start(command.configSource(), null);
        try {
            BlockingWebClient web = WebClient.of("http://127.0.0.1:" + gateway.port()).blocking();
            AggregatedHttpResponse bench = web.execute(RequestHeaders.builder(HttpMethod.POST, "/v1/admin/bench")
                            .add("authorization", "Bearer admin-key-bench-test").contentType(MediaType.JSON_UTF_8).build(),
                    "{\"model\": \"first\", \"dialect\": \"messages\", \"prompt\": \"Hello!\"}");
            assertThat(bench.status().code()).as(bench.contentUtf8()).isEqualTo(200);
            assertThat(bench.contentType().toString()).startsWith("text/event-stream");
            assertThat(bench.headers().get("x-model-proxy-route")).isEqualTo("local/m1");
            // the client spoke Messages; the gateway translated the upstream's Chat Completions stream
            assertThat(bench.contentUtf8()).contains("event: content_block_delta", "\"text\":\"Hi\"");
            assertThat(upstream.calls("/v1/chat/completions")).singleElement()
                    .satisfies(call -> assertThat(call.key()).isEqualTo(UPSTREAM_KEY));
        } finally {
            gateway.close();
        }
    }
}
