package io.modelproxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.audio.AudioResponseFormat;
import com.openai.models.audio.transcriptions.Transcription;
import com.openai.models.audio.transcriptions.TranscriptionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import io.modelproxy.testing.FakeUpstream;
import io.modelproxy.testing.FakeUpstream.Call;
import io.modelproxy.testing.Fixtures;
import io.modelproxy.testing.TestGateway;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The official OpenAI Java SDK's embeddings and audio transcription through the gateway. */
class OpenAiSdkOperationsTest {
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
    static Path dir;

    static TestGateway gateway;
    static OpenAIClient sdk;

    @BeforeAll
    static void start() {
        gateway = EmbeddingsTest.start(dir, EmbeddingsTest.operationsConfig(openai, backup, anthropic));
        sdk = OpenAIOkHttpClient.builder().baseUrl(gateway.url() + "/v1").apiKey(TestGateway.CLIENT_KEY).maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        sdk.close();
        gateway.close();
    }

    @BeforeEach
    void reset() {
        openai.reset();
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
        assertThat(call.key()).isEqualTo(EmbeddingsTest.OPENAI_KEY);
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
        assertThat(call.key()).isEqualTo(EmbeddingsTest.OPENAI_KEY);
        String form = new String(call.bytes(), StandardCharsets.ISO_8859_1);
        assertThat(form).contains("name=\"model\"").contains("\r\n\r\nwhisper-1\r\n").doesNotContain("\r\n\r\nwhisper\r\n");
        assertThat(form).contains(new String(audio, StandardCharsets.ISO_8859_1));
    }
}
