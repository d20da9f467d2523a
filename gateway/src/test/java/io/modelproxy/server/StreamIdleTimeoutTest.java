package io.modelproxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import io.modelproxy.api.Dialect;
import io.modelproxy.sse.SseEvent;
import io.modelproxy.sse.SseFrames;
import io.modelproxy.testing.FakeUpstream;
import io.modelproxy.testing.ManifestGateway;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A stream that stalls after it committed (its first content reached the client) ends after the
 * route's idle limit (its timeoutSeconds) with the error event of the client's dialect, instead of
 * hanging the client. One test per client dialect, passed through and translated.
 */
class StreamIdleTimeoutTest {
    private static final String CHAT_CONTENT = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,"
            + "\"model\":\"up\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hel\"},"
            + "\"finish_reason\":null}]}\n\n";
    private static final String ANTHROPIC_CONTENT = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":"
            + "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"up\",\"content\":[],\"stop_reason\":null,"
            + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}\n\n"
            + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
            + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hel\"}}\n\n";
    private static final String RESPONSES_CONTENT = "event: response.created\ndata: {\"type\":\"response.created\",\"sequence_number\":0,"
            + "\"response\":{\"id\":\"resp_1\",\"object\":\"response\",\"created_at\":1,\"status\":\"in_progress\",\"model\":\"up\",\"output\":[]}}\n\n"
            + "event: response.output_item.added\ndata: {\"type\":\"response.output_item.added\",\"sequence_number\":1,\"output_index\":0,"
            + "\"item\":{\"id\":\"msg_1\",\"type\":\"message\",\"status\":\"in_progress\",\"role\":\"assistant\",\"content\":[]}}\n\n"
            + "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"sequence_number\":2,\"item_id\":\"msg_1\","
            + "\"output_index\":0,\"content_index\":0,\"delta\":\"Hel\"}\n\n";

    @RegisterExtension
    static final FakeUpstream upstream = new FakeUpstream();

    @RegisterExtension
    final ManifestGateway gateway = ManifestGateway.perTest();

    /** An upstream that sends {@code frames} and then nothing, never ending the response. */
    private void stallAfter(String frames) {
        upstream.answer(call -> FakeUpstream.sseThenSilence(frames));
    }

    /** The client's whole stream from a gateway whose one provider speaks {@code provider}, with an idle limit of 1 s. */
    private List<SseEvent> streamOf(Dialect provider, String path, String body) {
        gateway.start(ManifestGateway.provider("p", provider, upstream.baseUrl(), "sk-p")
                + ManifestGateway.routedModel("m", "p/up, timeoutSeconds: 1"));
        AggregatedHttpResponse res = gateway.post(path, body);
        assertThat(res.status().code()).isEqualTo(200);
        return SseFrames.events(res.content().array());
    }

    @Test
    void aChatStreamEndsWithTheErrorChunkAndDone() {
        stallAfter(CHAT_CONTENT);
        List<SseEvent> events = streamOf(Dialect.OpenAIChat, "/v1/chat/completions",
                "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(events.getFirst().data()).contains("Hel").contains("\"model\":\"m\"");
        assertThat(events.get(events.size() - 2).data()).contains("\"error\"").contains("did not answer in time");
        assertThat(events.getLast().isDone()).isTrue();
    }

    @Test
    void anAnthropicStreamEndsWithAnErrorEvent() {
        stallAfter(ANTHROPIC_CONTENT);
        List<SseEvent> events = streamOf(Dialect.AnthropicMessages, "/v1/messages",
                "{\"model\":\"m\",\"max_tokens\":5,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(events.getLast().event()).isEqualTo("error");
        assertThat(events.getLast().data()).contains("\"timeout_error\"").contains("did not answer in time");
    }

    @Test
    void aResponsesStreamEndsWithResponseFailed() {
        stallAfter(RESPONSES_CONTENT);
        List<SseEvent> events = streamOf(Dialect.OpenAIResponses, "/v1/responses",
                "{\"model\":\"m\",\"stream\":true,\"input\":\"hi\"}");
        SseEvent last = events.getLast();
        assertThat(last.event()).isEqualTo("response.failed");
        assertThat(last.data()).contains("\"sequence_number\":3").contains("\"status\":\"failed\"").contains("did not answer in time");
    }

    @Test
    void aTranslatedStreamEndsWithTheClientsErrorEvent() {
        stallAfter(CHAT_CONTENT);
        List<SseEvent> events = streamOf(Dialect.OpenAIChat, "/v1/messages",
                "{\"model\":\"m\",\"max_tokens\":5,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(new String(events.stream().map(SseEvent::data).reduce("", String::concat).getBytes(StandardCharsets.UTF_8),
                StandardCharsets.UTF_8)).contains("Hel");
        assertThat(events.getLast().event()).isEqualTo("error");
        assertThat(events.getLast().data()).contains("\"timeout_error\"");
    }
}
