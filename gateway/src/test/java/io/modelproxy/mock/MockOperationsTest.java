package io.modelproxy.mock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.audio.AudioResponseFormat;
import com.openai.models.audio.transcriptions.Transcription;
import com.openai.models.audio.transcriptions.TranscriptionCreateParams;
import com.openai.models.audio.transcriptions.TranscriptionVerbose;
import com.openai.models.audio.translations.TranslationCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import io.modelproxy.testing.ManifestGateway;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Mock provider serves embeddings and audio as OpenAI's API does, through the official OpenAI SDK:
 * client CI and load tests of those endpoints need no upstream and no key either.
 */
class MockOperationsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    @Order(1)
    static final ManifestGateway gateway = new ManifestGateway(() -> """
            apiVersion: modelproxy.io/v1alpha1
            kind: Provider
            metadata: {name: mock}
            spec:
              protocol: Mock
            ---
            apiVersion: modelproxy.io/v1alpha1
            kind: Provider
            metadata: {name: scribe}
            spec:
              protocol: Mock
              mock: {reply: "The quick brown fox."}
            ---
            apiVersion: modelproxy.io/v1alpha1
            kind: LogicalModel
            metadata: {name: embed}
            spec:
              operations: [Embeddings]
              routes:
                - {provider: mock, model: embed-1}
            ---
            apiVersion: modelproxy.io/v1alpha1
            kind: LogicalModel
            metadata: {name: whisper}
            spec:
              operations: [Transcription, Translation]
              routes:
                - {provider: mock, model: whisper-1}
            ---
            apiVersion: modelproxy.io/v1alpha1
            kind: LogicalModel
            metadata: {name: fixed-whisper}
            spec:
              operations: [Transcription]
              routes:
                - {provider: scribe, model: whisper-1}
            """);

    static OpenAIClient openai;

    @BeforeAll
    static void connect() {
        openai = OpenAIOkHttpClient.builder().baseUrl(gateway.uri() + "/v1").apiKey("unused").maxRetries(0).build();
    }

    @AfterAll
    static void disconnect() {
        openai.close();
    }

    @Test
    void embeddingsAreUnitVectorsThatDependOnlyOnTheText() {
        CreateEmbeddingResponse response = openai.embeddings().create(EmbeddingCreateParams.builder().model("embed")
                .inputOfArrayOfStrings(List.of("The food was delicious", "The food was delicious", "Rain tomorrow")).build());

        assertThat(response.model()).isEqualTo("embed");
        assertThat(response.data()).hasSize(3);
        List<Float> first = response.data().get(0).embedding();
        assertThat(first).hasSize(MockEmbeddings.DEFAULT_DIMENSIONS);
        assertThat(first.stream().mapToDouble(f -> f * f).sum()).isCloseTo(1.0, Offset.offset(1e-4));
        assertThat(response.data().get(1).embedding()).isEqualTo(first);
        assertThat(response.data().get(2).embedding()).isNotEqualTo(first);
        assertThat(response.data().get(2).index()).isEqualTo(2);
        assertThat(response.usage().promptTokens()).isEqualTo(6 + 6 + 4);

        // the same text gets the same vector in another request, at the size it asks for
        List<Float> again = openai.embeddings().create(EmbeddingCreateParams.builder().model("embed")
                .input("The food was delicious").dimensions(8).build()).data().getFirst().embedding();
        assertThat(again).hasSize(8);
    }

    @Test
    void floatAndBase64EncodingsCarryTheSameVector() throws Exception {
        JsonNode floats = JSON.readTree(gateway.post("/v1/embeddings",
                "{\"model\":\"embed\",\"input\":\"same\",\"dimensions\":4,\"encoding_format\":\"float\"}").contentUtf8());
        JsonNode base64 = JSON.readTree(gateway.post("/v1/embeddings",
                "{\"model\":\"embed\",\"input\":\"same\",\"dimensions\":4,\"encoding_format\":\"base64\"}").contentUtf8());

        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(base64.path("data").get(0).path("embedding").asText()))
                .order(ByteOrder.LITTLE_ENDIAN);
        JsonNode values = floats.path("data").get(0).path("embedding");
        assertThat(values.size()).isEqualTo(4);
        for (JsonNode v : values) {
            assertThat(bytes.getFloat()).isEqualTo(v.floatValue());
        }
        assertThat(bytes.hasRemaining()).isFalse();
    }

    @Test
    void badEmbeddingRequestsAreRefusedNamingTheField() throws Exception {
        for (String[] c : new String[][] {
                {"{\"model\":\"embed\"}", "input"},
                {"{\"model\":\"embed\",\"input\":[]}", "input"},
                {"{\"model\":\"embed\",\"input\":[true]}", "input"},
                {"{\"model\":\"embed\",\"input\":\"x\",\"dimensions\":0}", "dimensions"},
                {"{\"model\":\"embed\",\"input\":\"x\",\"dimensions\":\"8\"}", "dimensions"},
                {"{\"model\":\"embed\",\"input\":\"x\",\"encoding_format\":\"int8\"}", "encoding_format"}}) {
            AggregatedHttpResponse res = gateway.post("/v1/embeddings", c[0]);
            assertThat(res.status().code()).as(c[0]).isEqualTo(400);
            assertThat(JSON.readTree(res.contentUtf8()).path("error").path("param").asText()).as(c[0]).isEqualTo(c[1]);
        }
    }

    @Test
    void transcriptionsInEveryResponseFormat() {
        byte[] audio = new byte[48_000];  // three seconds at the mock's 16 kB a second

        Transcription json = openai.audio().transcriptions().create(TranscriptionCreateParams.builder().model("whisper")
                .file(audio).build()).asTranscription();
        assertThat(json.text()).isEqualTo("Mock transcript of 48000 bytes of audio.");

        TranscriptionVerbose verbose = openai.audio().transcriptions().create(TranscriptionCreateParams.builder()
                .model("whisper").file(audio).language("de").responseFormat(AudioResponseFormat.VERBOSE_JSON).build())
                .asVerbose();
        assertThat(verbose.duration()).isEqualTo(3.0);
        assertThat(verbose.language()).isEqualTo("de");
        assertThat(verbose.segments().orElseThrow()).hasSize(1);
        assertThat(verbose.segments().orElseThrow().getFirst().end()).isEqualTo(3.0);

        // the SDK reads JSON answers only: the text formats as a plain client sees them
        AggregatedHttpResponse srt = transcribe("fixed-whisper", "srt", 48_000);
        assertThat(srt.contentType().toString()).startsWith("text/plain");
        assertThat(srt.contentUtf8()).isEqualTo("1\n00:00:00,000 --> 00:00:03,000\nThe quick brown fox.\n\n");
        assertThat(transcribe("fixed-whisper", "vtt", 48_000).contentUtf8())
                .isEqualTo("WEBVTT\n\n00:00:00.000 --> 00:00:03.000\nThe quick brown fox.\n\n");
        assertThat(transcribe("fixed-whisper", "text", 48_000).contentUtf8()).isEqualTo("The quick brown fox.\n");
    }

    @Test
    void translationsAreInEnglish() {
        var translation = openai.audio().translations().create(TranslationCreateParams.builder().model("whisper")
                .file(new byte[1600]).responseFormat(TranslationCreateParams.ResponseFormat.VERBOSE_JSON).build()).asVerbose();
        assertThat(translation.text()).isEqualTo("Mock translation of 1600 bytes of audio.");
        assertThat(translation.language()).isEqualTo("english");
        assertThat(translation.duration()).isEqualTo(0.1);
    }

    @Test
    void anUnknownResponseFormatOrAMissingFileIsRefused() throws Exception {
        AggregatedHttpResponse mp3 = transcribe("whisper", "mp3", 10);
        assertThat(mp3.status().code()).as(mp3.contentUtf8()).isEqualTo(400);
        assertThat(JSON.readTree(mp3.contentUtf8()).path("error").path("param").asText()).isEqualTo("response_format");

        AggregatedHttpResponse noFile = transcribe("whisper", "json", -1);
        assertThat(noFile.status().code()).as(noFile.contentUtf8()).isEqualTo(400);
        assertThat(JSON.readTree(noFile.contentUtf8()).path("error").path("param").asText()).isEqualTo("file");
    }

    /** A transcription form with a file of {@code bytes} zero bytes (none when negative). */
    private static AggregatedHttpResponse transcribe(String model, String format, int bytes) {
        String boundary = "b0undary";
        String form = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\n" + model + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"response_format\"\r\n\r\n" + format + "\r\n"
                + (bytes < 0 ? "" : "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n"
                        + "Content-Type: audio/wav\r\n\r\n" + "\0".repeat(bytes) + "\r\n")
                + "--" + boundary + "--\r\n";
        return gateway.http().execute(HttpRequest.of(RequestHeaders.builder(HttpMethod.POST, "/v1/audio/transcriptions")
                .contentType(MediaType.parse("multipart/form-data; boundary=" + boundary)).build(),
                HttpData.ofUtf8(form))).aggregate().join();
    }
}
