package io.modelproxy.server;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.modelproxy.config.GatewayConfig;
import io.modelproxy.config.GatewaySettings;
import io.modelproxy.testing.FakeUpstream;
import io.modelproxy.testing.FakeUpstream.Call;
import io.modelproxy.testing.Fixtures;
import io.modelproxy.testing.TestConfigs;
import io.modelproxy.testing.TestGateway;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * POST /v1/audio/transcriptions and /v1/audio/translations: the multipart upload reaches the route's
 * provider byte for byte but for its {@code model} field, with the route's key, falls back across
 * providers, is refused over the ModelGateway's body limit, and the answer keeps the format and content
 * type the provider chose. Uses {@link EmbeddingsTest}'s providers and models.
 */
class AudioTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BOUNDARY = "----model-proxy-test-7MA4YWxkTrZu0gW";
    /** Two MB of noise that is no valid UTF-8 and holds CR LF and dashes: any re-encoding or cut shows. */
    private static final byte[] AUDIO = audio(2 * 1024 * 1024);

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

    private static byte[] audio(int size) {
        byte[] bytes = new byte[size];
        new Random(14).nextBytes(bytes);
        byte[] tricky = ("\r\n--" + BOUNDARY.substring(0, 10) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(tricky, 0, bytes, size / 2, tricky.length);
        return bytes;
    }

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
                .set(HttpHeaderNames.AUTHORIZATION, "Bearer " + TestGateway.CLIENT_KEY).build();
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
        gateway = EmbeddingsTest.start(dir, EmbeddingsTest.operationsConfig(openai, backup, anthropic));
        openai.answer(call -> FakeUpstream.json(200, "{\"text\":\"The quick brown fox.\"}"));

        AggregatedHttpResponse res = upload("/v1/audio/transcriptions", form(AUDIO, fields("whisper", "json")));

        assertThat(res.status().code()).isEqualTo(200);
        assertThat(res.contentUtf8()).isEqualTo("{\"text\":\"The quick brown fox.\"}");
        assertThat(res.headers().get("x-model-proxy-route")).isEqualTo("openai/whisper-1");
        Call call = openai.calls("/v1/audio/transcriptions").getFirst();
        assertThat(call.key()).isEqualTo(EmbeddingsTest.OPENAI_KEY);
        assertThat(call.headers().contentType().toString()).isEqualTo("multipart/form-data; boundary=" + BOUNDARY);
        assertThat(call.headers().contentLength()).isEqualTo(call.bytes().length);
        // equal arrays, not equal strings: the audio is compared byte for byte
        assertThat(Arrays.equals(call.bytes(), form(AUDIO, fields("whisper-1", "json")))).isTrue();
        assertThat(backup.calls()).isEmpty();
        assertThat(anthropic.calls()).isEmpty();
    }

    @Test
    void everyResponseFormatComesBackAsTheProviderSentIt() {
        gateway = EmbeddingsTest.start(dir, EmbeddingsTest.operationsConfig(openai, backup, anthropic));
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
        gateway = EmbeddingsTest.start(dir, EmbeddingsTest.operationsConfig(openai, backup, anthropic));
        openai.answer(call -> FakeUpstream.json(503, "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}"));
        backup.answer(call -> FakeUpstream.json(200, "{\"text\":\"Hello.\"}"));

        AggregatedHttpResponse res = upload("/v1/audio/translations", form(AUDIO, fields("whisper", "json")));

        assertThat(res.status().code()).isEqualTo(200);
        assertThat(res.headers().get("x-model-proxy-route")).isEqualTo("backup/whisper-large-v3");
        assertThat(openai.calls("/v1/audio/translations")).hasSize(1);
        Call call = backup.calls("/v1/audio/translations").getFirst();
        assertThat(call.key()).isEqualTo(EmbeddingsTest.BACKUP_KEY);
        assertThat(Arrays.equals(call.bytes(), form(AUDIO, fields("whisper-large-v3", "json")))).isTrue();
    }

    @Test
    void anUploadOverTheBodyLimitIs413AndABadFormA400() throws Exception {
        GatewayConfig operations = EmbeddingsTest.operationsConfig(openai, backup, anthropic);
        gateway = EmbeddingsTest.start(dir, TestConfigs.config(
                TestConfigs.settings(1024 * 1024, GatewaySettings.DEFAULT_CONTEXT_WINDOW, List.of()),
                operations.providers(), operations.models()));

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
