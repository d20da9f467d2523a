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
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Key rotation, cooldowns, the error policy, route and model fallbacks, circuits and the commit point
 * of streams, asserted on what the fake providers saw and what the client got.
 */
class FailoverTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String K1 = "sk-first-0a1b2c";
    private static final String K2 = "sk-second-3d4e5f";

    @RegisterExtension
    @Order(1)
    static final FakeUpstream primary = new FakeUpstream();

    @RegisterExtension
    @Order(2)
    static final FakeUpstream secondary = new FakeUpstream();

    private final MutableClock clock = new MutableClock();

    @RegisterExtension
    final ManifestGateway gateway = ManifestGateway.perTest();

    @BeforeEach
    void resetFakes() {
        primary.reset();
        secondary.reset();
    }

    /** Starts the gateway on the test's clock. */
    private void start(String manifests) {
        gateway.options(b -> b.clock(clock)).start(manifests);
    }

    /** Provider {@code p} at the primary fake with keys {@code K1} and {@code K2}. */
    private static String p() {
        return ManifestGateway.provider("p", Dialect.OpenAIChat, primary.baseUrl(), K1, K2);
    }

    /** Providers {@code p1} at the primary fake (key {@code K1}) and {@code p2} at the secondary (key {@code K2}). */
    private static String p1p2(Dialect dialect) {
        return ManifestGateway.provider("p1", dialect, primary.baseUrl(), K1) + ManifestGateway.provider("p2", dialect, secondary.baseUrl(), K2);
    }

    private static String chat(String model) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    private static String chatStream(String model) {
        return "{\"model\":\"" + model + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    static FakeUpstream.Call last(FakeUpstream f) {
        return f.calls().getLast();
    }

    /** A Chat Completions answer naming the upstream model the call asked for. */
    static com.linecorp.armeria.common.HttpResponse ok(Call call) {
        return FakeUpstream.json(200, "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\""
                + call.model() + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},"
                + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}");
    }

    @Test
    void rateLimitedKeyIsSkippedUntilItsRetryAfterPasses() {
        AtomicBoolean firstKeyLimited = new AtomicBoolean(true);
        primary.answer(call -> K1.equals(call.key()) && firstKeyLimited.get()
                ? FakeUpstream.json(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"rate_limit_exceeded\"}}",
                        "retry-after", "30")
                : ok(call));
        start(p() + ManifestGateway.model("m", "p", "up-model"));

        AggregatedHttpResponse first = gateway.post("/v1/chat/completions", chat("m"));
        assertThat(first.status().code()).isEqualTo(200);
        assertThat(first.headers().get("x-model-proxy-attempts")).isEqualTo("2");
        assertThat(primary.calls()).extracting(Call::key).containsExactly(K1, K2);

        for (int i = 0; i < 4; i++) {
            assertThat(gateway.post("/v1/chat/completions", chat("m")).status().code()).isEqualTo(200);
        }
        assertThat(primary.calls()).extracting(Call::key).containsExactly(K1, K2, K2, K2, K2, K2);

        clock.advance(Duration.ofSeconds(31));
        firstKeyLimited.set(false);
        for (int i = 0; i < 2; i++) {
            assertThat(gateway.post("/v1/chat/completions", chat("m")).status().code()).isEqualTo(200);
        }
        assertThat(primary.calls().subList(6, 8)).extracting(Call::key).contains(K1);
    }

    @Test
    void rejectedKeyIsSkippedForEveryModelOfItsProvider() {
        primary.answer(call -> K1.equals(call.key())
                ? FakeUpstream.json(401, "{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}")
                : ok(call));
        start(p() + ManifestGateway.model("alpha", "p", "up-a") + ManifestGateway.model("beta", "p", "up-b"));

        assertThat(gateway.post("/v1/chat/completions", chat("alpha")).status().code()).isEqualTo(200);
        for (int i = 0; i < 3; i++) {
            assertThat(gateway.post("/v1/chat/completions", chat("beta")).status().code()).isEqualTo(200);
        }
        assertThat(primary.calls()).extracting(Call::key).containsExactly(K1, K2, K2, K2, K2);
        assertThat(primary.calls()).extracting(Call::model).containsExactly("up-a", "up-a", "up-b", "up-b", "up-b");
    }

    @Test
    void keysSuspendedForAuthFailuresAre503NotARateLimit() throws Exception {
        primary.answer(call -> FakeUpstream.json(401,
                "{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}"));
        start(ManifestGateway.provider("p", Dialect.OpenAIChat, primary.baseUrl(), K1) + ManifestGateway.model("m", "p", "up-a"));

        assertThat(gateway.post("/v1/chat/completions", chat("m")).status().code()).isEqualTo(401);
        AggregatedHttpResponse later = gateway.post("/v1/chat/completions", chat("m"));
        assertThat(later.status().code()).isEqualTo(503);
        assertThat(later.contentUtf8()).contains("rejected by its provider").doesNotContain("rate");
        assertThat(primary.calls()).hasSize(1);
    }

    @Test
    void serverErrorFallsBackToTheNextRoute() throws Exception {
        primary.answer(call -> FakeUpstream.json(500, "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}"));
        secondary.answer(FailoverTest::ok);
        start(p1p2(Dialect.OpenAIChat) + ManifestGateway.routedModel("m", "p1/up-x", "p2/up-y"));

        AggregatedHttpResponse res = gateway.post("/v1/chat/completions", chat("m"));
        assertThat(res.status().code()).isEqualTo(200);
        assertThat(res.headers().get("x-model-proxy-route")).isEqualTo("p2/up-y");
        assertThat(res.headers().get("x-model-proxy-attempts")).isEqualTo("2");
        assertThat(JSON.readTree(res.contentUtf8()).path("model").asText()).isEqualTo("m");
        assertThat(primary.calls()).hasSize(1);
        assertThat(last(secondary).key()).isEqualTo(K2);
    }

    @Test
    void fallbackModelServesWhenEveryRouteOfTheFirstFails() throws Exception {
        primary.answer(call -> FakeUpstream.json(503, "{\"error\":{\"message\":\"overloaded\"}}"));
        secondary.answer(FailoverTest::ok);
        start(p1p2(Dialect.OpenAIChat) + ManifestGateway.modelWith("main", "fallbacks: [backup]", "p1/up-x")
                + ManifestGateway.model("backup", "p2", "up-y"));

        AggregatedHttpResponse res = gateway.post("/v1/chat/completions", chat("main"));
        assertThat(res.status().code()).isEqualTo(200);
        assertThat(res.headers().get("x-model-proxy-route")).isEqualTo("p2/up-y");
        assertThat(JSON.readTree(res.contentUtf8()).path("model").asText()).isEqualTo("main");
        assertThat(last(secondary).model()).isEqualTo("up-y");
    }

    @Test
    void repeatedFailuresOpenTheRouteCircuitUntilItCoolsDown() {
        primary.answer(call -> FakeUpstream.json(500, "{\"error\":{\"message\":\"boom\"}}"));
        secondary.answer(FailoverTest::ok);
        start(p1p2(Dialect.OpenAIChat) + ManifestGateway.routedModel("m", "p1/up-x", "p2/up-y"));

        for (int i = 0; i < 5; i++) {
            assertThat(gateway.post("/v1/chat/completions", chat("m")).status().code()).isEqualTo(200);
        }
        assertThat(primary.calls()).hasSize(3);
        assertThat(secondary.calls()).hasSize(5);
        assertThat(gateway.get("/health/detailed").contentUtf8()).contains("\"state\":\"open\"");

        clock.advance(Duration.ofSeconds(31));
        assertThat(gateway.post("/v1/chat/completions", chat("m")).status().code()).isEqualTo(200);
        assertThat(primary.calls()).hasSize(4);
    }

    @Test
    void noAnswerBeforeTheRouteTimeoutFallsBack() {
        primary.answer(call -> FakeUpstream.silence());
        secondary.answer(FailoverTest::ok);
        start(p1p2(Dialect.OpenAIChat) + ManifestGateway.routedModel("m", "p1/up-x, timeoutSeconds: 1", "p2/up-y"));

        AggregatedHttpResponse res = gateway.post("/v1/chat/completions", chatStream("m"));
        assertThat(res.status().code()).isEqualTo(200);
        assertThat(res.headers().get("x-model-proxy-route")).isEqualTo("p2/up-y");
        assertThat(primary.calls()).hasSize(1);
    }

    @Test
    void chatStreamCutAfterItsFirstContentFrameEndsWithAnErrorEventAndIsNotRetried() {
        primary.answer(call -> FakeUpstream.sseThenCut(
                "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"up-x\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hel\"},\"finish_reason\":null}]}\n\n"));
        secondary.answer(FailoverTest::ok);
        start(p1p2(Dialect.OpenAIChat) + ManifestGateway.routedModel("m", "p1/up-x", "p2/up-y"));

        AggregatedHttpResponse res = gateway.post("/v1/chat/completions", chatStream("m"));
        assertThat(res.status().code()).isEqualTo(200);
        assertThat(res.contentType().is(MediaType.EVENT_STREAM)).isTrue();
        String body = res.contentUtf8();
        assertThat(body).contains("\"model\":\"m\"").contains("\"content\":\"Hel\"");
        assertThat(body).containsSubsequence("data: {\"error\":{", "data: [DONE]");
        assertThat(body.strip()).endsWith("data: [DONE]");
        assertThat(primary.calls()).hasSize(1);
        assertThat(secondary.calls()).isEmpty();
    }

    @Test
    void anthropicStreamCutEndsWithAnErrorEventAndNoMessageStop() {
        primary.answer(call -> FakeUpstream.sseThenCut(
                "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"claude-up\",\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}\n\n",
                "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n",
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}\n\n"));
        start(p1p2(Dialect.AnthropicMessages) + ManifestGateway.routedModel("claude", "p1/claude-up", "p2/claude-up"));

        AggregatedHttpResponse res = gateway.post("/v1/messages",
                "{\"model\":\"claude\",\"max_tokens\":64,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        String body = res.contentUtf8();
        assertThat(res.status().code()).isEqualTo(200);
        assertThat(body).contains("\"model\":\"claude\"").doesNotContain("claude-up");
        assertThat(body).containsSubsequence("event: content_block_delta", "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":");
        assertThat(body).doesNotContain("message_stop");
        assertThat(secondary.calls()).isEmpty();
    }

    @Test
    void anthropicErrorEventBeforeContentIsRetriedOnTheNextRoute() {
        primary.answer(call -> FakeUpstream.sse(
                "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"claude-up\",\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}\n\n"
                        + "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n"));
        secondary.answer(call -> FakeUpstream.sse(Fixtures.text("anthropic-stream.sse")));
        start(p1p2(Dialect.AnthropicMessages) + ManifestGateway.routedModel("claude", "p1/claude-up", "p2/claude-other"));

        AggregatedHttpResponse res = gateway.post("/v1/messages",
                "{\"model\":\"claude\",\"max_tokens\":64,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(res.status().code()).isEqualTo(200);
        assertThat(res.headers().get("x-model-proxy-route")).isEqualTo("p2/claude-other");
        assertThat(res.headers().get("x-model-proxy-attempts")).isEqualTo("2");
        String body = res.contentUtf8();
        assertThat(body).doesNotContain("overloaded_error").contains("event: message_stop").contains("\"model\":\"claude\"");
        assertThat(body.indexOf("event: message_start")).isEqualTo(body.lastIndexOf("event: message_start"));
    }

    @Test
    void upstreamBadRequestOnAStreamingRequestIsAnHttpErrorNotAStream() throws Exception {
        primary.answer(call -> FakeUpstream.json(Fixtures.recordedStatus("chat-bad-request.json"),
                Fixtures.recordedBody("chat-bad-request.json")));
        secondary.answer(FailoverTest::ok);
        start(p1p2(Dialect.OpenAIChat) + ManifestGateway.routedModel("m", "p1/up-x", "p2/up-y"));

        AggregatedHttpResponse res = gateway.post("/v1/chat/completions", chatStream("m"));
        assertThat(res.status().code()).isEqualTo(400);
        assertThat(res.contentType().is(MediaType.JSON)).isTrue();
        JsonNode error = JSON.readTree(res.contentUtf8()).path("error");
        assertThat(error.path("param").asText()).isEqualTo("max_tokens");
        assertThat(error.path("message").asText()).contains("max_completion_tokens");
        assertThat(secondary.calls()).isEmpty();
    }

    @Test
    void everyKeyCoolingAnswers429WithTheSecondsToTheEarliestKey() throws Exception {
        primary.answer(call -> FakeUpstream.json(429,
                "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}", "retry-after", "120"));
        // the model's deadline comes before the promised moment, so no request may wait for the key
        start(ManifestGateway.provider("p", Dialect.AnthropicMessages, primary.baseUrl(), K1)
                + ManifestGateway.modelWith("m", "timeoutSeconds: 30", "p/up-x"));
        String request = "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

        AggregatedHttpResponse first = gateway.post("/v1/messages", request);
        assertThat(first.status().code()).isEqualTo(429);
        assertThat(first.headers().get("retry-after")).isEqualTo("120");
        assertThat(JSON.readTree(first.contentUtf8()).path("error").path("type").asText()).isEqualTo("rate_limit_error");

        AggregatedHttpResponse second = gateway.post("/v1/messages", request);
        assertThat(second.status().code()).isEqualTo(429);
        assertThat(second.headers().get("retry-after")).isEqualTo("120");

        clock.advance(Duration.ofSeconds(60));
        AggregatedHttpResponse third = gateway.post("/v1/messages", request);
        assertThat(third.status().code()).isEqualTo(429);
        assertThat(third.headers().get("retry-after")).isEqualTo("60");
        JsonNode error = JSON.readTree(third.contentUtf8());
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.path("error").path("type").asText()).isEqualTo("rate_limit_error");
        assertThat(error.path("error").path("message").asText()).contains("cooling down");
        assertThat(primary.calls()).hasSize(1);
    }

    @Test
    void responsesStreamCutEndsWithResponseFailedAtTheNextSequenceNumber() throws Exception {
        String stream = Fixtures.text("responses-stream.sse");
        String[] frames = stream.split("\n\n");
        primary.answer(call -> FakeUpstream.sseThenCut(frames[0] + "\n\n", frames[1] + "\n\n", frames[2] + "\n\n"));
        start(ManifestGateway.provider("p", Dialect.OpenAIResponses, primary.baseUrl(), K1) + ManifestGateway.model("resp", "p", "gpt-up"));

        AggregatedHttpResponse res = gateway.post("/v1/responses", "{\"model\":\"resp\",\"input\":\"hi\",\"stream\":true}");
        String body = res.contentUtf8();
        assertThat(body).contains("event: response.failed");
        String failed = body.substring(body.indexOf("event: response.failed"));
        JsonNode event = JSON.readTree(failed.substring(failed.indexOf("data: ") + 6).strip());
        assertThat(event.path("sequence_number").asInt()).isEqualTo(3);
        assertThat(event.path("response").path("status").asText()).isEqualTo("failed");
        assertThat(event.path("response").path("model").asText()).isEqualTo("resp");
        assertThat(event.path("response").path("id").asText()).isEqualTo("resp_68a1f2c3d4e5");
        assertThat(body).doesNotContain("gpt-5-nano");
    }

    @Test
    void waitsForACoolingKeyWhenItFreesUpWithinTheModelTimeout() {
        AtomicInteger calls = new AtomicInteger();
        primary.answer(call -> calls.getAndIncrement() == 0
                ? FakeUpstream.json(429, "{\"error\":{\"message\":\"slow down\"}}", "retry-after", "1")
                : ok(call));
        // the system clock: the gateway really waits
        gateway.start(ManifestGateway.provider("p", Dialect.OpenAIChat, primary.baseUrl(), K1) + ManifestGateway.model("m", "p", "up-x"));

        AggregatedHttpResponse res = gateway.post("/v1/chat/completions", chat("m"));
        assertThat(res.status().code()).isEqualTo(200);
        assertThat(res.headers().get("x-model-proxy-attempts")).isEqualTo("2");
        assertThat(primary.calls()).extracting(Call::key).containsExactly(K1, K1);
    }

    @Test
    void answersAtOnceWhenNoUpstreamSaidWhenTheCoolingKeyServesAgain() throws Exception {
        // overloaded, with no Retry-After: the only key cools for the provider's cooldown, which is the
        // gateway's guess; the client gets the error and Retry-After now, not silence for the guess
        AtomicInteger calls = new AtomicInteger();
        primary.answer(call -> calls.getAndIncrement() == 0
                ? FakeUpstream.json(529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}")
                : FakeUpstream.json(200, Fixtures.text("anthropic-message.json")));
        // the system clock: a gateway that waited would try the key again once its cooldown passed
        gateway.start(ManifestGateway.providerWith("p", Dialect.AnthropicMessages, primary.baseUrl(), "cooldownSeconds: 1", K1)
                + ManifestGateway.model("m", "p", "up-x"));
        String request = "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

        AggregatedHttpResponse res = gateway.post("/v1/messages", request);
        assertThat(res.status().code()).isEqualTo(529);
        assertThat(res.headers().get("retry-after")).isEqualTo("1");
        assertThat(res.headers().get("x-model-proxy-attempts")).isEqualTo("1");
        assertThat(JSON.readTree(res.contentUtf8()).path("error").path("type").asText()).isEqualTo("overloaded_error");
        assertThat(primary.calls()).hasSize(1);
    }
}
