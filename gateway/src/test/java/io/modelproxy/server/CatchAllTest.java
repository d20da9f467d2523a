package io.modelproxy.server;

import static io.modelproxy.testing.TestConfigs.model;
import static io.modelproxy.testing.TestConfigs.provider;
import static io.modelproxy.testing.TestConfigs.route;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import io.modelproxy.api.Protocol;
import io.modelproxy.config.GatewayConfig;
import io.modelproxy.config.GatewaySettings;
import io.modelproxy.testing.FakeUpstream;
import io.modelproxy.testing.FakeUpstream.Call;
import io.modelproxy.testing.TestConfigs;
import io.modelproxy.testing.TestGateway;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every other POST /v1/*: a JSON body naming a served model goes to that model's routes on providers
 * of the client's dialect, untouched but for {@code model}, with keys, cooldowns and fallbacks; the
 * rest goes to the ModelGateway's passthrough provider, or is answered 404 naming the path.
 */
class CatchAllTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COMPLETION = """
            {"id":"cmpl-8mA1","object":"text_completion","created":1723000000,"model":"gpt-3.5-turbo-instruct",\
            "choices":[{"text":" a test.","index":0,"logprobs":null,"finish_reason":"stop"}],\
            "usage":{"prompt_tokens":5,"completion_tokens":3,"total_tokens":8}}""";
    private static final String MODERATION = """
            {"id":"modr-5b1","model":"omni-moderation-2024-09-26","results":[{"flagged":false,"categories":{"violence":false},\
            "category_scores":{"violence":0.0001}}]}""";

    @RegisterExtension
    @Order(1)
    static final FakeUpstream openai = new FakeUpstream();

    @RegisterExtension
    @Order(2)
    static final FakeUpstream backup = new FakeUpstream();

    @RegisterExtension
    @Order(3)
    static final FakeUpstream anthropic = new FakeUpstream();

    @TempDir
    Path dir;

    private TestGateway gateway;

    @BeforeEach
    void reset() {
        openai.reset();
        backup.reset();
        anthropic.reset();
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private void start(String passthrough) {
        GatewayConfig models = TestConfigs.config(
                List.of(provider("openai", Protocol.OpenAIChat, openai.baseUrl(), "k1"),
                        provider("backup", Protocol.OpenAIResponses, backup.baseUrl(), "k1"),
                        provider("anthropic", Protocol.AnthropicMessages, anthropic.baseUrl(), "k1")),
                List.of(model("instruct", List.of(), List.of(route("anthropic", "claude-haiku"),
                                route("openai", "gpt-3.5-turbo-instruct")), List.of("instruct-backup")),
                        model("instruct-backup", route("backup", "davinci-002")),
                        model("moderation", route("openai", "omni-moderation-latest"))));
        GatewaySettings s = TestConfigs.settings();
        GatewaySettings settings = new GatewaySettings(s.name(), s.clientKeys(), s.corsOrigins(), null, null,
                s.defaultContextWindow(), s.maxRequestBytes(), true, Map.of(), Map.of(), null, passthrough);
        gateway = EmbeddingsTest.start(dir, TestConfigs.config(settings, models.providers(), models.models()));
    }

    @Test
    void completionsGoToTheModelsRouteOfTheClientsDialectUntouchedButForModel() throws Exception {
        start(null);
        openai.answer(call -> FakeUpstream.json(200, COMPLETION));

        AggregatedHttpResponse res = gateway.post("/v1/completions",
                "{\"model\":\"instruct\",\"prompt\":\"Say this is\",\"max_tokens\":7,\"temperature\":0,\"x_unknown\":{\"kept\":[1,2]}}");

        assertThat(res.status().code()).isEqualTo(200);
        JsonNode body = JSON.readTree(res.contentUtf8());
        assertThat(body.path("model").asText()).isEqualTo("instruct");
        assertThat(body.path("choices").get(0).path("text").asText()).isEqualTo(" a test.");
        Call call = openai.calls("/v1/completions").getFirst();
        assertThat(call.body()).isEqualTo("{\"model\":\"gpt-3.5-turbo-instruct\",\"prompt\":\"Say this is\",\"max_tokens\":7,"
                + "\"temperature\":0,\"x_unknown\":{\"kept\":[1,2]}}");
        assertThat(call.key()).isEqualTo(EmbeddingsTest.OPENAI_KEY);
        assertThat(anthropic.calls()).isEmpty();
    }

    @Test
    void aStreamedCompletionIsRelayedWithTheLogicalModel() {
        start(null);
        openai.answer(call -> FakeUpstream.sse("""
                data: {"id":"cmpl-1","object":"text_completion","created":1,"choices":[{"text":" a","index":0,"logprobs":null,"finish_reason":null}],"model":"gpt-3.5-turbo-instruct"}

                data: {"id":"cmpl-1","object":"text_completion","created":1,"choices":[{"text":" test.","index":0,"logprobs":null,"finish_reason":"stop"}],"model":"gpt-3.5-turbo-instruct"}

                data: [DONE]

                """));

        AggregatedHttpResponse res = gateway.post("/v1/completions", "{\"model\":\"instruct\",\"prompt\":\"Say\",\"stream\":true}");

        assertThat(res.contentType().is(MediaType.EVENT_STREAM)).isTrue();
        assertThat(res.contentUtf8()).contains("\"text\":\" a\"", "\"text\":\" test.\"", "data: [DONE]")
                .contains("\"model\":\"instruct\"").doesNotContain("gpt-3.5-turbo-instruct");
        assertThat(openai.calls("/v1/completions").getFirst().json().path("stream").asBoolean()).isTrue();
    }

    @Test
    void aFailingRouteFallsBackToAnotherProviderAndACooledKeyIsSkipped() throws Exception {
        start(null);
        openai.answer(call -> FakeUpstream.json(429, "{\"error\":{\"message\":\"slow down\",\"type\":\"requests\"}}",
                "retry-after", "60"));
        backup.answer(call -> FakeUpstream.json(200, COMPLETION));

        AggregatedHttpResponse first = gateway.post("/v1/completions", "{\"model\":\"instruct\",\"prompt\":\"a\"}");
        AggregatedHttpResponse second = gateway.post("/v1/completions", "{\"model\":\"instruct\",\"prompt\":\"b\"}");

        assertThat(first.status().code()).isEqualTo(200);
        assertThat(first.headers().get("x-model-proxy-route")).isEqualTo("backup/davinci-002");
        assertThat(second.headers().get("x-model-proxy-route")).isEqualTo("backup/davinci-002");
        assertThat(openai.calls()).hasSize(1);
        assertThat(backup.calls("/v1/completions")).extracting(Call::model).containsExactly("davinci-002", "davinci-002");
        assertThat(backup.calls("/v1/completions")).extracting(Call::key).containsOnly(EmbeddingsTest.BACKUP_KEY);
        assertThat(JSON.readTree(second.contentUtf8()).path("model").asText()).isEqualTo("instruct");
    }

    @Test
    void moderationsGoToTheModelsRoute() throws Exception {
        start(null);
        openai.answer(call -> FakeUpstream.json(200, MODERATION));

        AggregatedHttpResponse res = gateway.post("/v1/moderations", "{\"model\":\"moderation\",\"input\":\"I like tea\"}");

        assertThat(res.status().code()).isEqualTo(200);
        assertThat(JSON.readTree(res.contentUtf8()).path("model").asText()).isEqualTo("moderation");
        assertThat(JSON.readTree(res.contentUtf8()).path("results")).isEqualTo(JSON.readTree(MODERATION).path("results"));
        assertThat(openai.calls("/v1/moderations")).singleElement()
                .satisfies(c -> assertThat(c.body()).isEqualTo("{\"model\":\"omni-moderation-latest\",\"input\":\"I like tea\"}"));
    }

    @Test
    void withoutAPassthroughProviderOtherRequestsAre404NamingThePathInTheClientsDialect() throws Exception {
        start(null);

        AggregatedHttpResponse noModel = gateway.post("/v1/rerank", "{\"query\":\"tea\",\"documents\":[\"a\"]}");
        AggregatedHttpResponse batches = gateway.post("/v1/messages/batches", "{\"requests\":[]}");
        AggregatedHttpResponse unknownModel = gateway.post("/v1/images/generations", "{\"model\":\"dall-e-3\",\"prompt\":\"tea\"}");

        assertThat(noModel.status().code()).isEqualTo(404);
        assertThat(JSON.readTree(noModel.contentUtf8()).path("error").path("message").asText()).isEqualTo(
                "POST /v1/rerank is not served here: its body names no model (a JSON object with a `model`), and the"
                        + " ModelGateway has no spec.passthrough.provider for other requests");
        assertThat(batches.status().code()).isEqualTo(404);
        JsonNode anthropicError = JSON.readTree(batches.contentUtf8());
        assertThat(anthropicError.path("type").asText()).isEqualTo("error");
        assertThat(anthropicError.path("error").path("type").asText()).isEqualTo("not_found_error");
        assertThat(anthropicError.path("error").path("message").asText()).startsWith("POST /v1/messages/batches is not served here");
        assertThat(unknownModel.status().code()).isEqualTo(404);
        assertThat(JSON.readTree(unknownModel.contentUtf8()).path("error").path("message").asText())
                .startsWith("model 'dall-e-3' is not served here");
        assertThat(openai.calls()).isEmpty();
        assertThat(backup.calls()).isEmpty();
    }

    @Test
    void thePassthroughProviderGetsOtherPathsAndModelsAsTheyCameWithItsKey() throws Exception {
        start("backup");
        backup.answer(call -> FakeUpstream.json(200, "{\"id\":\"file-abc\",\"object\":\"file\",\"path\":\"" + call.path() + "\"}"));
        byte[] upload = ("--b\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n--b--\r\n")
                .getBytes(StandardCharsets.UTF_8);

        AggregatedHttpResponse files = gateway.http().execute(HttpRequest.of(RequestHeaders.builder(HttpMethod.POST, "/v1/files")
                .contentType(MediaType.parse("multipart/form-data; boundary=b"))
                .set(HttpHeaderNames.AUTHORIZATION, "Bearer " + TestGateway.CLIENT_KEY).build(), HttpData.wrap(upload)))
                .aggregate().join();
        AggregatedHttpResponse unknownModel = gateway.post("/v1/images/generations", "{\"model\":\"dall-e-3\",\"prompt\":\"tea\"}");
        AggregatedHttpResponse servedModel = gateway.post("/v1/moderations", "{\"model\":\"moderation\",\"input\":\"x\"}");

        assertThat(files.status().code()).isEqualTo(200);
        assertThat(files.headers().get("x-model-proxy-route")).isEqualTo("backup/*");
        Call file = backup.calls("/v1/files").getFirst();
        assertThat(file.bytes()).isEqualTo(upload);
        assertThat(file.headers().contentType().toString()).isEqualTo("multipart/form-data; boundary=b");
        assertThat(file.key()).isEqualTo(EmbeddingsTest.BACKUP_KEY);
        assertThat(unknownModel.status().code()).isEqualTo(200);
        assertThat(backup.calls("/v1/images/generations").getFirst().body())
                .isEqualTo("{\"model\":\"dall-e-3\",\"prompt\":\"tea\"}");
        // a served model still goes to its own routes
        assertThat(servedModel.headers().get("x-model-proxy-route")).isEqualTo("openai/omni-moderation-latest");
    }
}
