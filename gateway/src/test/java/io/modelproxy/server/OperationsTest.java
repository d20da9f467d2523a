package io.modelproxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.audio.AudioResponseFormat;
import com.openai.models.audio.transcriptions.Transcription;
import com.openai.models.audio.transcriptions.TranscriptionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import io.modelproxy.api.Dialect;
import io.modelproxy.requestlog.RequestEntry;
import io.modelproxy.testing.FakeUpstream.Call;
import io.modelproxy.testing.FakeUpstream;
import io.modelproxy.testing.Fixtures;
import io.modelproxy.testing.ManifestGateway;
import io.modelproxy.testing.PrometheusText;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operations beyond chat through real HTTP, with fake OpenAI-compatible and Anthropic providers
 * behind the gateway: embeddings, audio uploads, the catch-all for other /v1 paths and the passthrough
 * provider, and the official OpenAI Java SDK for embeddings and transcriptions.
 */
class OperationsTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String OPENAI_KEY = "sk-openai-ops-51c2";
    static final String BACKUP_KEY = "sk-backup-ops-9e07";
    static final String ANTHROPIC_KEY = "sk-ant-ops-77aa";
    private static final String BOUNDARY = "----model-proxy-test-7MA4YWxkTrZu0gW";
    /** Two MB of noise that is no valid UTF-8 and holds CR LF and dashes: any re-encoding or cut shows. */
    private static final byte[] AUDIO = audio(2 * 1024 * 1024);

    private static byte[] audio(int size) {
        byte[] bytes = new byte[size];
        new Random(14).nextBytes(bytes);
        byte[] tricky = ("\r\n--" + BOUNDARY.substring(0, 10) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(tricky, 0, bytes, size / 2, tricky.length);
        return bytes;
    }

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

    /** Each test starts it with the manifests it needs; it stops after the test. */
    @RegisterExtension
    @Order(4)
    final ManifestGateway gateway = ManifestGateway.perTest().clientKey(ManifestGateway.CLIENT_KEY);

    /** The models of the operations tests: embeddings, audio and chat, with fallbacks across three providers. */
    static String operationsManifests(String gatewaySpec) {
        return ManifestGateway.modelGateway(gatewaySpec) + providers()
                + ManifestGateway.modelWith("embed", "fallbacks: [chat, embed-backup]\noperations: [Embeddings]",
                        "anthropic/claude-haiku", "openai/text-embedding-3-small")
                + ManifestGateway.modelWith("embed-backup", "operations: [Embeddings]", "backup/text-embedding-3-large")
                + ManifestGateway.modelWith("whisper", "fallbacks: [whisper-backup]\noperations: [Transcription, Translation]",
                        "openai/whisper-1")
                + ManifestGateway.modelWith("whisper-backup", "operations: [Transcription, Translation]",
                        "backup/whisper-large-v3")
                + ManifestGateway.model("chat", "openai", "gpt-4o-mini");
    }

    static String operationsManifests() {
        return operationsManifests("");
    }

    private static String providers() {
        return ManifestGateway.provider("openai", Dialect.OpenAIChat, openai.baseUrl(), OPENAI_KEY)
                + ManifestGateway.provider("backup", Dialect.OpenAIResponses, backup.baseUrl(), BACKUP_KEY)
                + ManifestGateway.provider("anthropic", Dialect.AnthropicMessages, anthropic.baseUrl(), ANTHROPIC_KEY);
    }

    @BeforeEach
    void reset() {
        openai.reset();
        backup.reset();
        anthropic.reset();
    }

    /**
     * POST /v1/embeddings through the attempt loop: the route's model and key, the logical model id in
     * the answer, key cooldowns and fallbacks across providers, and the routes and fallbacks that cannot
     * serve embeddings (an Anthropic provider, a chat model) skipped; a model that does not serve the
     * operation asked for is a 400 in the client's dialect.
     */
    @Nested
    class Embeddings {
        private static JsonNode json(AggregatedHttpResponse res) throws Exception {
            return JSON.readTree(res.contentUtf8());
        }

        @Test
        void embeddingsGoToTheRouteModelWithItsKeyAndAnswerWithTheLogicalModel() throws Exception {
            gateway.start(operationsManifests());
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
        void underTheOpenAiPrefixAnEmbeddingIsServedLoggedAndMeteredAsEmbeddings() throws Exception {
            gateway.start(operationsManifests());
            openai.answer(call -> FakeUpstream.json(200, Fixtures.text("operations/embeddings.json")));

            AggregatedHttpResponse res = gateway.post("/openai/v1/embeddings", "{\"model\":\"embed\",\"input\":\"tea\"}");

            assertThat(res.status().code()).isEqualTo(200);
            assertThat(json(res).path("model").asText()).isEqualTo("embed");
            assertThat(openai.calls("/v1/embeddings")).singleElement()
                    .satisfies(c -> assertThat(c.model()).isEqualTo("text-embedding-3-small"));
            await().atMost(PATIENCE).until(() -> !gateway.server().requestLog().entries(1).isEmpty());
            RequestEntry entry = gateway.server().requestLog().entries(1).getFirst();
            assertThat(entry.path()).isEqualTo("/openai/v1/embeddings");
            assertThat(entry.logicalModel()).isEqualTo("embed");
            assertThat(entry.route()).isEqualTo("openai/text-embedding-3-small");
            assertThat(entry.status()).isEqualTo(200);
            PrometheusText metrics = new PrometheusText(gateway.http().get("/metrics").aggregate().join().contentUtf8());
            assertThat(metrics.sum("gen_ai_server_request_duration_seconds_count", "gen_ai_operation_name", "embeddings",
                    "gen_ai_request_model", "embed", "gen_ai_provider_name", "openai")).isEqualTo(1);
        }

        @Test
        void aRateLimitedKeyCoolsAndTheFallbackOnAnotherProviderServesSkippingTheChatFallback() throws Exception {
            gateway.start(operationsManifests());
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
            gateway.start(operationsManifests());

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
            gateway.start(operationsManifests());

            JsonNode models = json(gateway.get("/v1/models")).path("data");

            assertThat(models.findValues("id")).as("in the compiled config's order, by name").extracting(JsonNode::asText)
                    .containsExactly("chat", "embed", "embed-backup", "whisper", "whisper-backup");
            assertThat(models.get(1).path("operations").toString()).isEqualTo("[\"Embeddings\"]");
            assertThat(models.get(3).path("operations").toString()).isEqualTo("[\"Transcription\",\"Translation\"]");
            assertThat(models.get(0).path("operations").toString()).isEqualTo("[\"Chat\"]");
        }
    }

    /**
     * POST /v1/audio/transcriptions and /v1/audio/translations: the multipart upload reaches the route's
     * provider byte for byte but for its {@code model} field, with the route's key, falls back across
     * providers, is refused over the ModelGateway's body limit, and the answer keeps the format and
     * content type the provider chose.
     */
    @Nested
    class Audio {
        /** A form as the OpenAI SDKs send it: the file first, then the text fields. */
        static byte[] form(byte[] file, Map<String, String> fields) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"speech.mp3\"\r\n"
                    + "Content-Type: audio/mpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(file);
            fields.forEach((name, value) -> out.writeBytes(("\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\""
                    + name + "\"\r\n\r\n" + value).getBytes(StandardCharsets.UTF_8)));
            out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
            return out.toByteArray();
        }

        private AggregatedHttpResponse upload(String path, byte[] body) {
            RequestHeaders headers = RequestHeaders.builder(HttpMethod.POST, path)
                    .contentType(MediaType.parse("multipart/form-data; boundary=" + BOUNDARY))
                    .set(HttpHeaderNames.AUTHORIZATION, "Bearer " + ManifestGateway.CLIENT_KEY).build();
            return gateway.http().execute(HttpRequest.of(headers, HttpData.wrap(body))).aggregate().join();
        }

        private static Map<String, String> fields(String model, String format) {
            Map<String, String> fields = new java.util.LinkedHashMap<>();
            fields.put("model", model);
            fields.put("response_format", format);
            fields.put("language", "en");
            return fields;
        }

        @Test
        void aTwoMegabyteUploadReachesTheRouteByteIdenticalButForItsModel() throws Exception {
            gateway.start(operationsManifests());
            openai.answer(call -> FakeUpstream.json(200, "{\"text\":\"The quick brown fox.\"}"));

            AggregatedHttpResponse res = upload("/v1/audio/transcriptions", form(AUDIO, fields("whisper", "json")));

            assertThat(res.status().code()).isEqualTo(200);
            assertThat(res.contentUtf8()).isEqualTo("{\"text\":\"The quick brown fox.\"}");
            assertThat(res.headers().get("x-model-proxy-route")).isEqualTo("openai/whisper-1");
            Call call = openai.calls("/v1/audio/transcriptions").getFirst();
            assertThat(call.key()).isEqualTo(OPENAI_KEY);
            assertThat(call.headers().contentType().toString()).isEqualTo("multipart/form-data; boundary=" + BOUNDARY);
            assertThat(call.headers().contentLength()).isEqualTo(call.bytes().length);
            // equal arrays, not equal strings: the audio is compared byte for byte
            assertThat(Arrays.equals(call.bytes(), form(AUDIO, fields("whisper-1", "json")))).isTrue();
            assertThat(backup.calls()).isEmpty();
            assertThat(anthropic.calls()).isEmpty();
        }

        @Test
        void everyResponseFormatComesBackAsTheProviderSentIt() {
            gateway.start(operationsManifests());
            Map<String, HttpResponse> answers = Map.of(
                    "text", HttpResponse.of(HttpStatus.OK, MediaType.PLAIN_TEXT_UTF_8, "The quick brown fox.\n"),
                    "json", FakeUpstream.json(200, "{\"text\":\"The quick brown fox.\"}"),
                    "verbose_json", FakeUpstream.json(200, Fixtures.text("operations/transcription-verbose.json")),
                    "srt", HttpResponse.of(HttpStatus.OK, MediaType.parse("application/x-subrip"),
                            "1\n00:00:00,000 --> 00:00:02,040\nThe quick brown fox.\n\n"),
                    "vtt", HttpResponse.of(HttpStatus.OK, MediaType.parse("text/vtt; charset=utf-8"),
                            "WEBVTT\n\n00:00:00.000 --> 00:00:02.040\nThe quick brown fox.\n\n"));
            Map<String, String> bodies = new java.util.HashMap<>();
            openai.answer(call -> {
                String sent = new String(call.bytes(), StandardCharsets.ISO_8859_1);
                String format = answers.keySet().stream()
                        .filter(f -> sent.contains("name=\"response_format\"\r\n\r\n" + f + "\r\n")).findFirst().orElseThrow();
                AggregatedHttpResponse answer = answers.get(format).aggregate().join();
                bodies.put(format, answer.contentUtf8());
                return answer.toHttpResponse();
            });

            for (String format : List.of("text", "json", "verbose_json", "srt", "vtt")) {
                AggregatedHttpResponse res = upload("/v1/audio/transcriptions", form(AUDIO, fields("whisper", format)));

                assertThat(res.status().code()).as(format).isEqualTo(200);
                assertThat(res.contentUtf8()).as(format).isEqualTo(bodies.get(format));
            }
            assertThat(upload("/v1/audio/transcriptions", form(AUDIO, fields("whisper", "srt"))).contentType())
                    .hasToString("application/x-subrip");
            assertThat(upload("/v1/audio/transcriptions", form(AUDIO, fields("whisper", "vtt"))).contentType())
                    .hasToString("text/vtt; charset=utf-8");
            assertThat(upload("/v1/audio/transcriptions", form(AUDIO, fields("whisper", "text"))).contentType())
                    .isEqualTo(MediaType.PLAIN_TEXT_UTF_8);
        }

        @Test
        void aTranslationFallsBackToAnotherProviderWithTheSameBytes() throws Exception {
            gateway.start(operationsManifests());
            openai.answer(call -> FakeUpstream.json(503, "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}"));
            backup.answer(call -> FakeUpstream.json(200, "{\"text\":\"Hello.\"}"));

            AggregatedHttpResponse res = upload("/v1/audio/translations", form(AUDIO, fields("whisper", "json")));

            assertThat(res.status().code()).isEqualTo(200);
            assertThat(res.headers().get("x-model-proxy-route")).isEqualTo("backup/whisper-large-v3");
            assertThat(openai.calls("/v1/audio/translations")).hasSize(1);
            Call call = backup.calls("/v1/audio/translations").getFirst();
            assertThat(call.key()).isEqualTo(BACKUP_KEY);
            assertThat(Arrays.equals(call.bytes(), form(AUDIO, fields("whisper-large-v3", "json")))).isTrue();
        }

        @Test
        void anUploadOverTheBodyLimitIs413AndABadFormA400() throws Exception {
            gateway.start(operationsManifests("maxRequestBytes: 1048576"));

            AggregatedHttpResponse tooLarge = upload("/v1/audio/transcriptions", form(AUDIO, fields("whisper", "json")));
            AggregatedHttpResponse noModel = upload("/v1/audio/transcriptions", form(new byte[10], Map.of("language", "en")));
            AggregatedHttpResponse json = gateway.post("/v1/audio/transcriptions", "{\"model\":\"whisper\"}");
            AggregatedHttpResponse chatModel = upload("/v1/audio/transcriptions", form(new byte[10], Map.of("model", "chat")));

            assertThat(tooLarge.status().code()).isEqualTo(413);
            JsonNode error = JSON.readTree(tooLarge.contentUtf8()).path("error");
            assertThat(error.path("message").asText()).isEqualTo("request body is larger than the gateway's limit of 1048576 bytes");
            assertThat(noModel.status().code()).isEqualTo(400);
            assertThat(JSON.readTree(noModel.contentUtf8()).path("error").path("message").asText())
                    .isEqualTo("the `model` form field is required");
            assertThat(json.status().code()).isEqualTo(400);
            assertThat(JSON.readTree(json.contentUtf8()).path("error").path("message").asText())
                    .isEqualTo("send the upload as multipart/form-data (with file and model fields)");
            assertThat(JSON.readTree(chatModel.contentUtf8()).path("error").path("message").asText())
                    .startsWith("model 'chat' does not serve Transcription");
            assertThat(openai.calls()).isEmpty();
        }
    }

    /**
     * Every other POST /v1/*: a JSON body naming a served model goes to that model's routes on providers
     * of the client's dialect, untouched but for {@code model}, with keys, cooldowns and fallbacks; the
     * rest goes to the ModelGateway's passthrough provider, or is answered 404 naming the path.
     */
    @Nested
    class CatchAll {
        private void startWith(String passthrough) {
            startWith(passthrough, false);
        }

        /**
         * @param teamA whether the API is also served under /team-a, for the models labelled team: a
         *     (instruct)
         */
        private void startWith(String passthrough, boolean teamA) {
            String spec = (passthrough == null ? "" : "passthrough: {provider: " + passthrough + "}\n")
                    + (teamA ? "pathPrefixes: [{prefix: /team-a, modelSelector: {matchLabels: {team: a}}}]" : "");
            gateway.start(ManifestGateway.modelGateway(spec) + providers()
                    + ManifestGateway.labeledModel("instruct", "team: a", "fallbacks: [instruct-backup]",
                            "anthropic/claude-haiku", "openai/gpt-3.5-turbo-instruct")
                    + ManifestGateway.model("instruct-backup", "backup", "davinci-002")
                    + ManifestGateway.model("moderation", "openai", "omni-moderation-latest"));
        }

        @Test
        void completionsGoToTheModelsRouteOfTheClientsDialectUntouchedButForModel() throws Exception {
            startWith(null);
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
            assertThat(call.key()).isEqualTo(OPENAI_KEY);
            assertThat(anthropic.calls()).isEmpty();
        }

        @Test
        void underAConfiguredPrefixACompletionGoesToTheSamePathOfItsRouteAndOtherModelsAre404() throws Exception {
            startWith(null, true);
            openai.answer(call -> FakeUpstream.json(200, COMPLETION));

            AggregatedHttpResponse res = gateway.post("/team-a/v1/completions", "{\"model\":\"instruct\",\"prompt\":\"Say\"}");
            AggregatedHttpResponse other = gateway.post("/team-a/v1/moderations", "{\"model\":\"moderation\",\"input\":\"x\"}");

            assertThat(res.status().code()).isEqualTo(200);
            assertThat(JSON.readTree(res.contentUtf8()).path("model").asText()).isEqualTo("instruct");
            assertThat(openai.calls("/v1/completions")).singleElement()
                    .satisfies(c -> assertThat(c.body()).isEqualTo("{\"model\":\"gpt-3.5-turbo-instruct\",\"prompt\":\"Say\"}"));
            assertThat(other.status().code()).isEqualTo(404);
            assertThat(JSON.readTree(other.contentUtf8()).path("error").path("message").asText())
                    .startsWith("model 'moderation' is not served here; available: instruct");
            assertThat(openai.calls("/v1/moderations")).isEmpty();
        }

        @Test
        void aStreamedCompletionIsRelayedWithTheLogicalModel() {
            startWith(null);
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
            startWith(null);
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
            assertThat(backup.calls("/v1/completions")).extracting(Call::key).containsOnly(BACKUP_KEY);
            assertThat(JSON.readTree(second.contentUtf8()).path("model").asText()).isEqualTo("instruct");
        }

        @Test
        void moderationsGoToTheModelsRoute() throws Exception {
            startWith(null);
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
            startWith(null);

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
        void underTheAnthropicPrefixAPathNotServedIsA404InAnthropicsShape() throws Exception {
            startWith(null);

            AggregatedHttpResponse res = gateway.post("/anthropic/v1/rerank", "{\"query\":\"tea\"}");

            assertThat(res.status().code()).isEqualTo(404);
            JsonNode error = JSON.readTree(res.contentUtf8());
            assertThat(error.path("type").asText()).isEqualTo("error");
            assertThat(error.path("error").path("type").asText()).isEqualTo("not_found_error");
            assertThat(error.path("error").path("message").asText()).startsWith("POST /anthropic/v1/rerank is not served here");
        }

        @Test
        void theQueryAndThePathsPercentEncodingGoUpstreamAsTheClientSentThem() throws Exception {
            startWith("backup", true);
            openai.answer(call -> FakeUpstream.json(200, COMPLETION));
            backup.answer(call -> FakeUpstream.json(200, "{\"results\":[]}"));

            AggregatedHttpResponse forwarded = gateway.post("/team-a/v1/completions?api-version=2024-10-21",
                    "{\"model\":\"instruct\",\"prompt\":\"Say\"}");
            AggregatedHttpResponse passed = gateway.post("/v1/rerank/team%2Fa%20b?foo=bar&x=%26y",
                    "{\"query\":\"tea\",\"documents\":[\"a\"]}");

            assertThat(forwarded.status().code()).isEqualTo(200);
            assertThat(openai.calls("/v1/completions")).singleElement()
                    .satisfies(c -> assertThat(c.headers().path()).isEqualTo("/v1/completions?api-version=2024-10-21"));
            assertThat(passed.status().code()).isEqualTo(200);
            assertThat(backup.calls()).singleElement()
                    .satisfies(c -> assertThat(c.headers().path()).isEqualTo("/v1/rerank/team%2Fa%20b?foo=bar&x=%26y"));
        }

        @Test
        void thePassthroughProviderGetsOtherPathsAndModelsAsTheyCameWithItsKey() throws Exception {
            startWith("backup");
            backup.answer(call -> FakeUpstream.json(200, "{\"id\":\"file-abc\",\"object\":\"file\",\"path\":\"" + call.path() + "\"}"));
            byte[] upload = ("--b\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n--b--\r\n")
                    .getBytes(StandardCharsets.UTF_8);

            AggregatedHttpResponse files = gateway.http().execute(HttpRequest.of(RequestHeaders.builder(HttpMethod.POST, "/v1/files")
                    .contentType(MediaType.parse("multipart/form-data; boundary=b"))
                    .set(HttpHeaderNames.AUTHORIZATION, "Bearer " + ManifestGateway.CLIENT_KEY).build(), HttpData.wrap(upload)))
                    .aggregate().join();
            AggregatedHttpResponse unknownModel = gateway.post("/v1/images/generations", "{\"model\":\"dall-e-3\",\"prompt\":\"tea\"}");
            AggregatedHttpResponse servedModel = gateway.post("/v1/moderations", "{\"model\":\"moderation\",\"input\":\"x\"}");

            assertThat(files.status().code()).isEqualTo(200);
            assertThat(files.headers().get("x-model-proxy-route")).isEqualTo("backup/*");
            Call file = backup.calls("/v1/files").getFirst();
            assertThat(file.bytes()).isEqualTo(upload);
            assertThat(file.headers().contentType().toString()).isEqualTo("multipart/form-data; boundary=b");
            assertThat(file.key()).isEqualTo(BACKUP_KEY);
            assertThat(unknownModel.status().code()).isEqualTo(200);
            assertThat(backup.calls("/v1/images/generations").getFirst().body())
                    .isEqualTo("{\"model\":\"dall-e-3\",\"prompt\":\"tea\"}");
            // a served model still goes to its own routes
            assertThat(servedModel.headers().get("x-model-proxy-route")).isEqualTo("openai/omni-moderation-latest");
        }
    }

    /** The official OpenAI Java SDK's embeddings and audio transcription through the gateway. */
    @Nested
    class OpenAiSdk {
        private OpenAIClient sdk;

        @BeforeEach
        void connect() {
            gateway.start(operationsManifests());
            sdk = OpenAIOkHttpClient.builder().baseUrl(gateway.uri() + "/v1").apiKey(ManifestGateway.CLIENT_KEY).maxRetries(0).build();
        }

        @AfterEach
        void disconnect() {
            sdk.close();
        }

        @Test
        void embeddings() {
            openai.answer(call -> FakeUpstream.json(200, Fixtures.text("operations/embeddings.json")));

            CreateEmbeddingResponse response = sdk.embeddings().create(EmbeddingCreateParams.builder()
                    .model("embed").input("The food was delicious").build());

            assertThat(response.model()).isEqualTo("embed");
            assertThat(response.data().getFirst().embedding()).containsExactly(0.0023064255f, -0.009327292f, -0.0028842222f);
            assertThat(response.usage().totalTokens()).isEqualTo(8);
            Call call = openai.calls("/v1/embeddings").getFirst();
            assertThat(call.model()).isEqualTo("text-embedding-3-small");
            assertThat(call.key()).isEqualTo(OPENAI_KEY);
        }

        @Test
        void audioTranscription() {
            byte[] audio = new byte[300_000];
            new Random(7).nextBytes(audio);
            openai.answer(call -> FakeUpstream.json(200, "{\"text\":\"The quick brown fox.\",\"usage\":{\"type\":\"duration\",\"seconds\":3}}"));

            Transcription transcription = sdk.audio().transcriptions().create(TranscriptionCreateParams.builder()
                    .file(audio).model("whisper").responseFormat(AudioResponseFormat.JSON).build()).asTranscription();

            assertThat(transcription.text()).isEqualTo("The quick brown fox.");
            Call call = openai.calls("/v1/audio/transcriptions").getFirst();
            assertThat(call.key()).isEqualTo(OPENAI_KEY);
            String form = new String(call.bytes(), StandardCharsets.ISO_8859_1);
            assertThat(form).contains("name=\"model\"").contains("\r\n\r\nwhisper-1\r\n").doesNotContain("\r\n\r\nwhisper\r\n");
            assertThat(form).contains(new String(audio, StandardCharsets.ISO_8859_1));
        }
    }
}
