package io.modelproxy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.models.Model;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The fake upstream speaks OpenAI Chat well enough for the official SDK, streaming included. */
class FakeUpstreamTest {
    private static final String TEXT = "Hi there! How can I help today? I can answer questions, explain concepts, "
            + "help with writing or brainstorming, code, plan something, and more. Tell me what you’d like to work on "
            + "or a topic you’re curious about.";
    private static final ChatCompletionCreateParams HELLO = ChatCompletionCreateParams.builder()
            .model("gpt-5-nano").addUserMessage("Hello!").build();

    private static FakeUpstream upstream;
    private static FakeUpstream slowUpstream;

    @BeforeAll
    static void start() {
        upstream = FakeUpstream.start(Loopback.HOST, 0, Duration.ZERO);
        slowUpstream = FakeUpstream.start(Loopback.HOST, 0, Duration.ofNanos(100_000));
    }

    @AfterAll
    static void stop() {
        upstream.close();
        slowUpstream.close();
    }

    private static OpenAIClient sdk(FakeUpstream server) {
        return OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + server.port() + "/v1")
                .apiKey("sk-test").maxRetries(0).build();
    }

    @Test
    void streamsFiftyChunksOfTheRecordedAnswer() {
        for (FakeUpstream server : List.of(upstream, slowUpstream)) {
            OpenAIClient client = sdk(server);
            List<ChatCompletionChunk> chunks;
            try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(HELLO)) {
                chunks = stream.stream().toList();
            } finally {
                client.close();
            }
            assertThat(chunks).hasSize(50);
            assertThat(chunks.stream().flatMap(c -> c.choices().stream()).map(c -> c.delta().content().orElse(""))
                    .collect(Collectors.joining())).isEqualTo(TEXT);
            assertThat(chunks.getLast().choices().getFirst().finishReason()).hasValueSatisfying(
                    reason -> assertThat(reason.asString()).isEqualTo("stop"));
        }
    }

    @Test
    void streamEndsWithDone() {
        AggregatedHttpResponse response = WebClient.of("http://127.0.0.1:" + upstream.port())
                .execute(HttpRequest.builder().post("/v1/chat/completions")
                        .content(MediaType.JSON_UTF_8, "{\"stream\":true}").build())
                .aggregate().join();
        assertThat(response.contentType().toString()).startsWith("text/event-stream");
        assertThat(response.contentUtf8()).endsWith("data: [DONE]\n\n").contains("chat.completion.chunk");
    }

    @Test
    void answersACompletionAndAModelList() {
        OpenAIClient client = sdk(upstream);
        try {
            ChatCompletion completion = client.chat().completions().create(HELLO);
            assertThat(completion.choices().getFirst().message().content()).hasValue(TEXT);
            assertThat(client.models().list().data()).extracting(Model::id).containsExactly("gpt-5-nano");
        } finally {
            client.close();
        }
    }

    @Test
    void aBodyThatIsNotJsonIsABadRequest() {
        AggregatedHttpResponse response = WebClient.of("http://127.0.0.1:" + upstream.port())
                .execute(HttpRequest.builder().post("/v1/chat/completions")
                        .content(MediaType.JSON_UTF_8, "{\"model\": ").build())
                .aggregate().join();
        assertThat(response.status().code()).isEqualTo(400);
        assertThat(response.contentUtf8()).contains("invalid_request_error");
    }
}
