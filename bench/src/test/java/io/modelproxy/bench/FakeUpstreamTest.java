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
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.models.Model;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
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
    private static FakeUpstream burstUpstream;

    @BeforeAll
    static void start() {
        upstream = FakeUpstream.start(Loopback.HOST, 0, StreamPacing.eachEvent(Duration.ZERO));
        slowUpstream = FakeUpstream.start(Loopback.HOST, 0, StreamPacing.eachEvent(Duration.ofNanos(100_000)));
        burstUpstream = FakeUpstream.start(Loopback.HOST, 0, StreamPacing.whole());
    }

    @AfterAll
    static void stop() {
        upstream.close();
        slowUpstream.close();
        burstUpstream.close();
    }

    private static OpenAIClient sdk(FakeUpstream server) {
        return OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + server.port() + "/v1")
                .apiKey("sk-test").maxRetries(0).build();
    }

    @Test
    void streamsFiftyChunksOfTheRecordedAnswer() {
        for (FakeUpstream server : List.of(upstream, slowUpstream, burstUpstream)) {
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

    /** As OpenAI does: a stream that sets stream_options.include_usage ends with a chunk of usage and no choices. */
    @Test
    void aStreamThatAsksForUsageGetsItLast() {
        for (FakeUpstream server : List.of(upstream, burstUpstream)) {
            OpenAIClient client = sdk(server);
            List<ChatCompletionChunk> chunks;
            try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(HELLO.toBuilder()
                    .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
                chunks = stream.stream().toList();
            } finally {
                client.close();
            }
            assertThat(chunks).hasSize(51);
            assertThat(chunks.getLast().choices()).isEmpty();
            assertThat(chunks.getLast().usage()).hasValueSatisfying(u -> assertThat(u.completionTokens()).isEqualTo(50));
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

    /** Each write of the server is one HTTP/1.1 chunk: one write sends the whole answer as one chunk. */
    @Test
    void aStreamInOneWriteIsOneChunkAndADrippedOneAChunkPerEvent() throws IOException {
        assertThat(chunkSizes(burstUpstream)).hasSize(1);
        assertThat(chunkSizes(slowUpstream)).hasSize(51);
        assertThat(chunkSizes(burstUpstream).getFirst()).isEqualTo(chunkSizes(slowUpstream).stream()
                .mapToInt(Integer::intValue).sum());
    }

    /** The sizes of the body's chunks, the last empty chunk left out, read off the raw HTTP/1.1 bytes. */
    private static List<Integer> chunkSizes(FakeUpstream server) throws IOException {
        byte[] body = "{\"stream\":true}".getBytes(StandardCharsets.US_ASCII);
        try (Socket socket = new Socket(Loopback.HOST, server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(response).startsWith("HTTP/1.1 200").containsIgnoringCase("transfer-encoding: chunked");
            List<Integer> sizes = new ArrayList<>();
            int at = response.indexOf("\r\n\r\n") + 4;
            while (true) {
                int lineEnd = response.indexOf("\r\n", at);
                int size = Integer.parseInt(response.substring(at, lineEnd).strip(), 16);
                if (size == 0) {
                    return sizes;
                }
                sizes.add(size);
                at = lineEnd + 2 + size + 2;
            }
        }
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
