package io.modelproxy.translate;

import io.modelproxy.dialect.Dialects;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelproxy.api.Dialect;
import io.modelproxy.sse.SseEvent;
import org.junit.jupiter.api.Test;

/** {@link StreamTranslator#failure()} tells the gateway a stream failed, whatever the dialects (case 13). */
class StreamFailureTest {
    private static final UpstreamTarget TARGET = new UpstreamTarget("m", "u", 4096, null);

    private static StreamTranslator stream(Dialect client, Dialect upstream) {
        return new Dialects(IdSource.sequential(0)).between(client, upstream).stream(TARGET);
    }

    @Test
    void anthropicErrorEventBeforeContentIsReportedWithItsStatus() {
        StreamTranslator s = stream(Dialect.OpenAIChat, Dialect.AnthropicMessages);
        s.onEvent(new SseEvent("error", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));
        assertThat(s.failure()).isNotNull();
        assertThat(s.failure().status()).isEqualTo(529);
        assertThat(new Dialects(IdSource.sequential(0)).wire(Dialect.OpenAIChat).clientStatus(s.failure())).isEqualTo(503);
    }

    @Test
    void chatErrorFrameAndEarlyEndsAreReported() {
        StreamTranslator chat = stream(Dialect.AnthropicMessages, Dialect.OpenAIChat);
        chat.onEvent(SseEvent.data("{\"error\":{\"message\":\"slow down\",\"code\":\"rate_limit_exceeded\"}}"));
        assertThat(chat.failure().status()).isEqualTo(429);

        StreamTranslator responses = stream(Dialect.OpenAIChat, Dialect.OpenAIResponses);
        responses.onEvent(new SseEvent("response.created", "{\"type\":\"response.created\",\"response\":{\"id\":\"r\"}}"));
        assertThat(responses.failure()).isNull();
        assertThat(responses.onComplete()).last().isEqualTo(SseEvent.data("[DONE]"));
        assertThat(responses.failure().message()).contains("before response.completed");
    }

    @Test
    void aCompletedStreamHasNoFailureAndIgnoresLaterOnes() {
        StreamTranslator s = stream(Dialect.OpenAIResponses, Dialect.AnthropicMessages);
        s.onEvent(new SseEvent("message_start", "{\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":1}}}"));
        s.onEvent(new SseEvent("message_stop", "{\"type\":\"message_stop\"}"));
        assertThat(s.failure()).isNull();
        assertThat(s.onFailure(ApiError.of(502, "late reset"))).isEmpty();
        assertThat(s.onComplete()).isEmpty();
        assertThat(s.failure()).isNull();
    }
}
