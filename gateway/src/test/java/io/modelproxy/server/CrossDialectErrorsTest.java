package io.modelproxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.MediaType;
import io.modelproxy.api.Dialect;
import io.modelproxy.testing.FakeUpstream;
import io.modelproxy.testing.FakeUpstream.Call;
import io.modelproxy.testing.Fixtures;
import io.modelproxy.testing.MutableClock;
import io.modelproxy.testing.ManifestGateway;
import io.modelproxy.testing.WireAnswers;
import io.modelproxy.testing.WireAnswers.AnthropicUsage;
import io.modelproxy.testing.WireAnswers.ChatUsage;
import io.modelproxy.testing.WireAnswers.Reply;
import io.modelproxy.testing.WireAnswers.ResponsesUsage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Failures on translated routes (TRANSLATION.md §4): upstream errors reach the client in its own
 * dialect with the right status, before a stream as an HTTP error rather than a 200 stream; rate
 * limits cool the key down as on any route; an error event before any content fails over; a failure
 * after content ends the stream with the client dialect's error event.
 */
class CrossDialectErrorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LIMITED = "sk-limited-1";
    private static final String SPARE = "sk-spare-2";

    @RegisterExtension
    @Order(1)
    static final FakeUpstream chat = new FakeUpstream();

    @RegisterExtension
    @Order(2)
    static final FakeUpstream anthropic = new FakeUpstream();

    @RegisterExtension
    @Order(3)
    static final FakeUpstream responses = new FakeUpstream();

    /** Moved on by hours before each scenario, so no cooldown of an earlier one carries over. */
    static final MutableClock clock = new MutableClock();

    @RegisterExtension
    @Order(4)
    static final ManifestGateway gateway = new ManifestGateway(() ->
            ManifestGateway.provider("chat", Dialect.OpenAIChat, chat.baseUrl(), "sk-chat")
            + ManifestGateway.provider("anth", Dialect.AnthropicMessages, anthropic.baseUrl(), "sk-anth")
            + ManifestGateway.provider("anth2", Dialect.AnthropicMessages, anthropic.baseUrl(), LIMITED, SPARE)
            + ManifestGateway.provider("resp", Dialect.OpenAIResponses, responses.baseUrl(), LIMITED, SPARE)
            + ManifestGateway.provider("resp1", Dialect.OpenAIResponses, responses.baseUrl(), LIMITED)
            + ManifestGateway.provider("resp3", Dialect.OpenAIResponses, responses.baseUrl(), LIMITED)
            + ManifestGateway.model("claude-on-chat", "chat", "gpt-up")
            + ManifestGateway.model("gpt-on-claude", "anth", "claude-up")
            + ManifestGateway.model("gpt-on-claude-two-keys", "anth2", "claude-up")
            + ManifestGateway.model("claude-on-responses-two-keys", "resp", "gpt-up")
            + ManifestGateway.model("claude-on-responses-one-key", "resp1", "gpt-up")
            + ManifestGateway.model("claude-on-failing-responses", "resp3", "gpt-up"))
            .options(b -> b.clock(clock));

    @BeforeEach
    void laterThanEveryCooldown() {
        clock.advance(Duration.ofHours(2));
    }

    @Test
    void aChatRefusalReachesAnAnthropicClientAsAnAnthropicErrorStreamingOrNot() throws Exception {
        chat.answer(call -> FakeUpstream.json(400, Fixtures.recordedBody("chat-bad-request.json")));
        for (boolean stream : new boolean[] {false, true}) {
            AggregatedHttpResponse res = gateway.post("/v1/messages", anthropicRequest("claude-on-chat", stream));

            assertThat(res.status().code()).isEqualTo(400);
            assertThat(res.contentType().is(MediaType.JSON)).as("an HTTP error, not a 200 stream").isTrue();
            JsonNode error = JSON.readTree(res.contentUtf8());
            assertThat(error.path("type").asText()).isEqualTo("error");
            assertThat(error.path("error").path("type").asText()).isEqualTo("invalid_request_error");
            assertThat(error.path("error").path("message").asText()).contains("Unsupported parameter: 'max_tokens'");
        }
    }

    @Test
    void anOpenAiErrorTypeGivesWayToTheStatusForAnAnthropicClient() throws Exception {
        // OpenAI calls a too-large request invalid_request_error; Anthropic clients expect request_too_large
        chat.answer(call -> FakeUpstream.json(413,
                "{\"error\":{\"message\":\"Request too large\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}"));
        AggregatedHttpResponse res = gateway.post("/v1/messages", anthropicRequest("claude-on-chat", false));

        assertThat(res.status().code()).isEqualTo(413);
        JsonNode error = JSON.readTree(res.contentUtf8());
        assertThat(error.path("error").path("type").asText()).isEqualTo("request_too_large");
        assertThat(error.path("error").path("message").asText()).isEqualTo("Request too large");
    }

    @Test
    void anthropicOverloadReachesOpenAiClientsAs503InTheirShape() throws Exception {
        anthropic.answer(call -> FakeUpstream.json(529,
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"},\"request_id\":\"req_011\"}"));
        for (String path : List.of("/v1/chat/completions", "/v1/responses")) {
            for (boolean stream : new boolean[] {false, true}) {
                clock.advance(Duration.ofHours(2));
                AggregatedHttpResponse res = gateway.post(path, openAiRequest(path, "gpt-on-claude", stream));

                assertThat(res.status().code()).as(path + " stream=" + stream).isEqualTo(503);
                assertThat(res.contentType().is(MediaType.JSON)).isTrue();
                JsonNode error = JSON.readTree(res.contentUtf8()).path("error");
                assertThat(error.path("message").asText()).isEqualTo("Overloaded");
                assertThat(error.path("type").asText()).isNotBlank().isNotEqualTo("overloaded_error");
                assertThat(error.has("param")).as("the OpenAI error object").isTrue();
            }
        }
    }

    @Test
    void aRateLimitOnATranslatedRouteCoolsTheKeyAndTheNextKeyServes() throws Exception {
        responses.answer(call -> LIMITED.equals(call.key())
                ? FakeUpstream.json(429, "{\"error\":{\"message\":\"Rate limit reached for gpt-up\",\"type\":\"requests\","
                        + "\"param\":null,\"code\":\"rate_limit_exceeded\"}}", "retry-after", "120")
                : FakeUpstream.json(200, WireAnswers.responsesJson("gpt-up", Reply.text("fine"), new ResponsesUsage(10, 0, 2))));
        int before = responses.calls().size();
        for (int i = 0; i < 3; i++) {
            AggregatedHttpResponse res = gateway.post("/v1/messages", anthropicRequest("claude-on-responses-two-keys", false));
            assertThat(res.status().code()).isEqualTo(200);
            assertThat(JSON.readTree(res.contentUtf8()).path("content").get(0).path("text").asText()).isEqualTo("fine");
        }
        List<Call> calls = responses.calls().subList(before, responses.calls().size());
        assertThat(calls).extracting(Call::key).as("the limited key is tried once, then skipped while it cools")
                .containsOnlyOnce(LIMITED).contains(SPARE);
        assertThat(calls).hasSize(4);
    }

    @Test
    void everyKeyRateLimitedIsA429WithRetryAfterEvenForAStream() throws Exception {
        responses.answer(call -> FakeUpstream.json(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\","
                + "\"param\":null,\"code\":\"rate_limit_exceeded\"}}", "retry-after", "120"));
        AggregatedHttpResponse res = gateway.post("/v1/messages", anthropicRequest("claude-on-responses-one-key", true));

        assertThat(res.status().code()).isEqualTo(429);
        assertThat(res.headers().get("retry-after")).isNotNull();
        JsonNode error = JSON.readTree(res.contentUtf8());
        assertThat(error.path("error").path("type").asText()).isEqualTo("rate_limit_error");
    }

    @Test
    void aFailedResponsesAnswerIsAnErrorForTheAnthropicClient() throws Exception {
        responses.answer(call -> FakeUpstream.json(200, "{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"failed\","
                + "\"error\":{\"code\":\"server_error\",\"message\":\"The model failed to generate a response.\"},\"output\":[]}"));
        AggregatedHttpResponse res = gateway.post("/v1/messages", anthropicRequest("claude-on-failing-responses", false));

        assertThat(res.status().code()).isEqualTo(500);
        JsonNode error = JSON.readTree(res.contentUtf8());
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.path("error").path("type").asText()).isEqualTo("api_error");
        assertThat(error.path("error").path("message").asText()).isEqualTo("The model failed to generate a response.");
    }

    @Test
    void anErrorEventBeforeAnyContentFailsOverToTheNextKey() throws Exception {
        anthropic.answer(call -> LIMITED.equals(call.key())
                ? FakeUpstream.sse(messageStart() + "event: error\ndata: {\"type\":\"error\",\"error\":"
                        + "{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n")
                : FakeUpstream.sse(WireAnswers.anthropicSse("claude-up", Reply.text("recovered"), new AnthropicUsage(5, 0, 0, 2))));
        int before = anthropic.calls().size();
        AggregatedHttpResponse res = gateway.post("/v1/chat/completions",
                openAiRequest("/v1/chat/completions", "gpt-on-claude-two-keys", true));

        assertThat(res.status().code()).isEqualTo(200);
        String body = res.contentUtf8();
        assertThat(chatText(body)).isEqualTo("recovered");
        assertThat(body).doesNotContain("Overloaded").endsWith("data: [DONE]\n\n");
        assertThat(anthropic.calls().subList(before, anthropic.calls().size())).extracting(Call::key).containsExactly(LIMITED, SPARE);
    }

    @Test
    void anErrorEventBeforeAnyContentOnTheLastKeyIsAnHttpError() throws Exception {
        anthropic.answer(call -> FakeUpstream.sse(messageStart() + "event: error\ndata: {\"type\":\"error\",\"error\":"
                + "{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n"));
        AggregatedHttpResponse res = gateway.post("/v1/responses", openAiRequest("/v1/responses", "gpt-on-claude", true));

        assertThat(res.status().code()).as("case 13: 503 for an OpenAI client").isEqualTo(503);
        assertThat(res.contentType().is(MediaType.JSON)).isTrue();
        assertThat(JSON.readTree(res.contentUtf8()).path("error").path("message").asText()).isEqualTo("Overloaded");
    }

    @Test
    void aChatStreamCutAfterContentEndsWithAnAnthropicErrorEvent() {
        chat.answer(call -> FakeUpstream.sseThenCut(WireAnswers.chatSse("gpt-up", Reply.text("partial answer"),
                new ChatUsage(1, 0, 1), true).split("data: \\{\"id[^\\n]*\"finish_reason\":\"stop\"")[0]));
        AggregatedHttpResponse res = gateway.post("/v1/messages", anthropicRequest("claude-on-chat", true));

        assertThat(res.status().code()).isEqualTo(200);
        String body = res.contentUtf8();
        assertThat(body).contains("event: message_start").contains("\"text\":\"par").contains("event: error\n")
                .doesNotContain("message_stop").doesNotContain("[DONE]");
    }

    @Test
    void anAnthropicStreamCutAfterContentEndsWithEachOpenAiDialectsError() {
        String sse = WireAnswers.anthropicSse("claude-up", Reply.text("partial answer"), new AnthropicUsage(5, 0, 0, 2));
        String cut = sse.substring(0, sse.indexOf("event: content_block_stop"));
        anthropic.answer(call -> FakeUpstream.sseThenCut(cut));

        String chatBody = gateway.post("/v1/chat/completions", openAiRequest("/v1/chat/completions", "gpt-on-claude", true)).contentUtf8();
        assertThat(chatBody).contains("\"content\":\"par").contains("data: {\"error\":").endsWith("data: [DONE]\n\n")
                .doesNotContain("\"finish_reason\":\"stop\"");

        String responsesBody = gateway.post("/v1/responses", openAiRequest("/v1/responses", "gpt-on-claude", true)).contentUtf8();
        assertThat(responsesBody).contains("event: response.output_text.delta").contains("event: response.failed\n")
                .doesNotContain("response.completed");
    }

    /** The text of a Chat stream's content deltas. */
    private static String chatText(String sse) throws Exception {
        StringBuilder text = new StringBuilder();
        for (String line : sse.split("\n")) {
            if (line.startsWith("data: {")) {
                text.append(JSON.readTree(line.substring(6)).path("choices").path(0).path("delta").path("content").asText(""));
            }
        }
        return text.toString();
    }

    private static String messageStart() {
        String sse = WireAnswers.anthropicSse("claude-up", Reply.text("x"), new AnthropicUsage(5, 0, 0, 1));
        return sse.substring(0, sse.indexOf("event: content_block_start"));
    }

    private static String anthropicRequest(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"max_tokens\":100,\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    private static String openAiRequest(String path, String model, boolean stream) {
        return path.endsWith("/responses")
                ? "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"input\":\"hi\"}"
                : "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }
}
