package io.modelproxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import io.modelproxy.api.Dialect;
import io.modelproxy.dialect.Dialects;
import io.modelproxy.translate.ApiError;
import io.modelproxy.sse.SseEvent;
import io.modelproxy.testing.FakeUpstream;
import io.modelproxy.testing.Fixtures;
import io.modelproxy.testing.ManifestGateway;
import io.modelproxy.translate.ExchangeTranslator;
import io.modelproxy.translate.StreamTranslator;
import io.modelproxy.translate.TranslationException;
import io.modelproxy.translate.UpstreamTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A cross-dialect route with a translator plugged into the server: the attempt loop sends the
 * translated body to the provider's path, passes answers and stream events through the translator,
 * and reports its refusals and mid-stream failures in the client's dialect. The translator here is a
 * deliberately tiny stand-in (Anthropic client, Chat provider), not the real one.
 */
class TranslatorPlugTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    @Order(1)
    static final FakeUpstream chat = new FakeUpstream();

    @RegisterExtension
    @Order(2)
    static final ManifestGateway gateway = ManifestGateway.oneRoute(chat, Dialect.OpenAIChat, "chat", "sk-chat", "claude-on-chat", "gpt-up")
            .options(b -> b.translators((client, upstream) ->
                    client == Dialect.AnthropicMessages && upstream == Dialect.OpenAIChat ? new AnthropicToChat() : null));

    @BeforeEach
    void reset() {
        chat.reset();
    }

    @Test
    void aJsonExchangeGoesThroughTheTranslatorBothWays() throws Exception {
        chat.answer(FailoverTest::ok);
        AggregatedHttpResponse res = gateway.post("/v1/messages",
                "{\"model\":\"claude-on-chat\",\"max_tokens\":9,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(res.status().code()).isEqualTo(200);
        JsonNode message = JSON.readTree(res.contentUtf8());
        assertThat(message.path("type").asText()).isEqualTo("message");
        assertThat(message.path("model").asText()).isEqualTo("claude-on-chat");
        assertThat(message.path("content").get(0).path("text").asText()).isEqualTo("ok");
        FakeUpstream.Call call = chat.calls().getLast();
        assertThat(call.path()).isEqualTo("/v1/chat/completions");
        assertThat(call.model()).isEqualTo("gpt-up");
        assertThat(call.json().path("max_completion_tokens").asInt()).isEqualTo(9);
        assertThat(call.headers().get("authorization")).isEqualTo("Bearer sk-chat");
    }

    @Test
    void aStreamGoesThroughTheStreamTranslator() {
        chat.answer(call -> FakeUpstream.sse(Fixtures.text("chat-stream.sse")));
        AggregatedHttpResponse res = gateway.post("/v1/messages",
                "{\"model\":\"claude-on-chat\",\"stream\":true,\"max_tokens\":9,\"messages\":[]}");
        assertThat(res.status().code()).isEqualTo(200);
        String body = res.contentUtf8();
        assertThat(body).startsWith("event: content_block_delta\n").contains("\"text\":\"Hi\"")
                .endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n").doesNotContain("[DONE]");
        assertThat(chat.calls().getLast().json().path("stream").asBoolean()).isTrue();
    }

    @Test
    void aFailureAfterCommitEndsThroughTheTranslator() {
        chat.answer(call -> FakeUpstream.sseThenCut(HotReloadTest.chunk("partial")));
        String body = gateway.post("/v1/messages", "{\"model\":\"claude-on-chat\",\"stream\":true,\"messages\":[]}").contentUtf8();
        assertThat(body).contains("\"text\":\"partial\"").contains("event: error\n").doesNotContain("message_stop");
        assertThat(chat.calls()).hasSize(1);
    }

    @Test
    void aRequestTheTranslatorRefusesIsA4xxInTheClientsDialect() throws Exception {
        AggregatedHttpResponse res = gateway.post("/v1/messages", "{\"model\":\"claude-on-chat\",\"untranslatable\":true}");
        assertThat(res.status().code()).isEqualTo(400);
        JsonNode error = JSON.readTree(res.contentUtf8());
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.path("error").path("message").asText()).isEqualTo("cannot express this upstream");
        assertThat(chat.calls()).isEmpty();
    }

    /** Just enough of an Anthropic-to-Chat translation to see each hook used. */
    private static final class AnthropicToChat implements ExchangeTranslator {
        @Override
        public ObjectNode request(ObjectNode clientBody, UpstreamTarget target) throws TranslationException {
            if (clientBody.has("untranslatable")) {
                throw new TranslationException(ApiError.invalidRequest("cannot express this upstream"));
            }
            ObjectNode out = JSON.createObjectNode().put("model", target.upstreamModel())
                    .put("stream", clientBody.path("stream").asBoolean());
            out.putArray("messages").addObject().put("role", "user").put("content", "translated");
            if (clientBody.has("max_tokens")) {
                out.put("max_completion_tokens", clientBody.get("max_tokens").asInt());
            }
            return out;
        }

        @Override
        public ObjectNode response(ObjectNode upstreamBody, UpstreamTarget target) {
            ObjectNode out = JSON.createObjectNode().put("type", "message").put("model", target.clientModel());
            out.putArray("content").addObject().put("type", "text")
                    .put("text", upstreamBody.path("choices").get(0).path("message").path("content").asText());
            return out;
        }

        @Override
        public StreamTranslator stream(UpstreamTarget target) {
            return new StreamTranslator() {
                @Override
                public List<SseEvent> onEvent(SseEvent upstream) {
                    if (upstream.isDone()) {
                        return List.of();
                    }
                    try {
                        String text = JSON.readTree(upstream.data()).path("choices").path(0).path("delta").path("content").asText("");
                        return text.isEmpty() ? List.of() : List.of(new SseEvent("content_block_delta",
                                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":"
                                        + JSON.writeValueAsString(text) + "}}"));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }

                @Override
                public List<SseEvent> onComplete() {
                    return List.of(new SseEvent("message_stop", "{\"type\":\"message_stop\"}"));
                }

                @Override
                public List<SseEvent> onFailure(ApiError error) {
                    return List.of(new SseEvent("error", Dialects.standard().wire(Dialect.AnthropicMessages).errorBody(error).toString()));
                }
            };
        }
    }
}
