package io.modelproxy.server;

import static io.modelproxy.testing.TestConfigs.config;
import static io.modelproxy.testing.TestConfigs.model;
import static io.modelproxy.testing.TestConfigs.provider;
import static io.modelproxy.testing.TestConfigs.route;
import static io.modelproxy.testing.TestConfigs.serving;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import io.modelproxy.api.ModelOperation;
import io.modelproxy.api.Protocol;
import io.modelproxy.config.GatewayConfig;
import io.modelproxy.testing.FakeUpstream;
import io.modelproxy.testing.FakeUpstream.Call;
import io.modelproxy.testing.Fixtures;
import io.modelproxy.testing.TestGateway;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * POST /v1/embeddings through the attempt loop: the route's model and key, the logical model id in
 * the answer, key cooldowns and fallbacks across providers, and the routes and fallbacks that cannot
 * serve embeddings (an Anthropic provider, a chat model) skipped; a model that does not serve the
 * operation asked for is a 400 in the client's dialect.
 */
class EmbeddingsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String OPENAI_KEY = "sk-openai-embed-51c2";
    static final String BACKUP_KEY = "sk-backup-embed-9e07";
    static final String ANTHROPIC_KEY = "sk-ant-embed-77aa";

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

    /** The models of the operations tests: embeddings, audio and chat, with fallbacks across three providers. */
    static GatewayConfig operationsConfig(FakeUpstream openai, FakeUpstream backup, FakeUpstream anthropic) {
        return config(
                List.of(provider("openai", Protocol.OpenAIChat, openai.baseUrl(), "k1"),
                        provider("backup", Protocol.OpenAIResponses, backup.baseUrl(), "k1"),
                        provider("anthropic", Protocol.AnthropicMessages, anthropic.baseUrl(), "k1")),
                List.of(serving(model("embed", List.of(), List.of(route("anthropic", "claude-haiku"),
                                        route("openai", "text-embedding-3-small")), List.of("chat", "embed-backup")),
                                ModelOperation.Embeddings),
                        serving(model("embed-backup", route("backup", "text-embedding-3-large")), ModelOperation.Embeddings),
                        serving(model("whisper", List.of(), List.of(route("openai", "whisper-1")), List.of("whisper-backup")),
                                ModelOperation.Transcription, ModelOperation.Translation),
                        serving(model("whisper-backup", route("backup", "whisper-large-v3")),
                                ModelOperation.Transcription, ModelOperation.Translation),
                        model("chat", route("openai", "gpt-4o-mini"))));
    }

    static TestGateway start(Path dir, GatewayConfig config) {
        return new TestGateway(dir)
                .secret("openai-keys", "k1", OPENAI_KEY)
                .secret("backup-keys", "k1", BACKUP_KEY)
                .secret("anthropic-keys", "k1", ANTHROPIC_KEY)
                .config(config)
                .start();
    }

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

    private static JsonNode json(AggregatedHttpResponse res) throws Exception {
        return JSON.readTree(res.contentUtf8());
    }

    @Test
    void embeddingsGoToTheRouteModelWithItsKeyAndAnswerWithTheLogicalModel() throws Exception {
        gateway = start(dir, operationsConfig(openai, backup, anthropic));
        openai.answer(call -> FakeUpstream.json(200, Fixtures.text("operations/embeddings.json")));

        AggregatedHttpResponse res = gateway.post("/v1/embeddings",
                "{\"input\":\"The food was delicious\",\"model\":\"embed\",\"encoding_format\":\"float\",\"dimensions\":3}");

        assertThat(res.status().code()).isEqualTo(200);
        assertThat(res.headers().get("x-model-proxy-route")).isEqualTo("openai/text-embedding-3-small");
        Call call = openai.calls("/v1/embeddings").getFirst();
        assertThat(openai.calls()).hasSize(1);
        assertThat(call.key()).isEqualTo(OPENAI_KEY);
        assertThat(call.body()).isEqualTo(
                "{\"input\":\"The food was delicious\",\"model\":\"text-embedding-3-small\",\"encoding_format\":\"float\",\"dimensions\":3}");
        assertThat(anthropic.calls()).isEmpty();
        JsonNode body = json(res);
        assertThat(body.path("model").asText()).isEqualTo("embed");
        JsonNode expected = JSON.readTree(Fixtures.text("operations/embeddings.json"));
        assertThat(body.path("data")).isEqualTo(expected.path("data"));
        assertThat(body.path("usage")).isEqualTo(expected.path("usage"));
    }

    @Test
    void aRateLimitedKeyCoolsAndTheFallbackOnAnotherProviderServesSkippingTheChatFallback() throws Exception {
        gateway = start(dir, operationsConfig(openai, backup, anthropic));
        openai.answer(call -> FakeUpstream.json(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\"}}",
                "retry-after", "30"));
        backup.answer(call -> FakeUpstream.json(200, Fixtures.text("operations/embeddings.json")));

        AggregatedHttpResponse first = gateway.post("/v1/embeddings", "{\"model\":\"embed\",\"input\":[\"a\",\"b\"]}");
        AggregatedHttpResponse second = gateway.post("/v1/embeddings", "{\"model\":\"embed\",\"input\":\"c\"}");

        assertThat(first.status().code()).isEqualTo(200);
        assertThat(json(first).path("model").asText()).isEqualTo("embed");
        assertThat(first.headers().get("x-model-proxy-route")).isEqualTo("backup/text-embedding-3-large");
        // the cooled key is not tried again; the chat model among the fallbacks never is
        assertThat(openai.calls()).singleElement().satisfies(c -> assertThat(c.model()).isEqualTo("text-embedding-3-small"));
        assertThat(backup.calls("/v1/embeddings")).hasSize(2).allSatisfy(c -> {
            assertThat(c.model()).isEqualTo("text-embedding-3-large");
            assertThat(c.key()).isEqualTo(BACKUP_KEY);
        });
        assertThat(backup.calls("/v1/embeddings").getFirst().json().path("input").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(second.status().code()).isEqualTo(200);
        assertThat(anthropic.calls()).isEmpty();
    }

    @Test
    void aModelThatDoesNotServeTheOperationIsA400InTheClientsDialect() throws Exception {
        gateway = start(dir, operationsConfig(openai, backup, anthropic));

        AggregatedHttpResponse chatToEmbeddings = gateway.post("/v1/chat/completions",
                "{\"model\":\"embed\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        AggregatedHttpResponse messagesToEmbeddings = gateway.post("/v1/messages",
                "{\"model\":\"embed\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        AggregatedHttpResponse embeddingsToChat = gateway.post("/v1/embeddings", "{\"model\":\"chat\",\"input\":\"hi\"}");

        assertThat(chatToEmbeddings.status().code()).isEqualTo(400);
        assertThat(json(chatToEmbeddings).path("error").path("message").asText())
                .isEqualTo("model 'embed' does not serve Chat (it serves Embeddings; see spec.operations of its LogicalModel)");
        assertThat(json(chatToEmbeddings).path("error").path("param").asText()).isEqualTo("model");
        assertThat(messagesToEmbeddings.status().code()).isEqualTo(400);
        assertThat(json(messagesToEmbeddings).path("type").asText()).isEqualTo("error");
        assertThat(json(messagesToEmbeddings).path("error").path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(json(embeddingsToChat).path("error").path("message").asText())
                .isEqualTo("model 'chat' does not serve Embeddings (it serves Chat; see spec.operations of its LogicalModel)");
        assertThat(openai.calls()).isEmpty();
        assertThat(anthropic.calls()).isEmpty();
    }

    @Test
    void theModelListSaysWhatEachModelServes() throws Exception {
        gateway = start(dir, operationsConfig(openai, backup, anthropic));

        JsonNode models = json(gateway.get("/v1/models")).path("data");

        assertThat(models.findValues("id")).extracting(JsonNode::asText)
                .containsExactly("embed", "embed-backup", "whisper", "whisper-backup", "chat");
        assertThat(models.get(0).path("operations").toString()).isEqualTo("[\"Embeddings\"]");
        assertThat(models.get(2).path("operations").toString()).isEqualTo("[\"Transcription\",\"Translation\"]");
        assertThat(models.get(4).path("operations").toString()).isEqualTo("[\"Chat\"]");
    }
}
