package io.modelproxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import io.modelproxy.api.Dialect;
import io.modelproxy.ratelimit.LimitKind;
import io.modelproxy.testing.FakeUpstream;
import io.modelproxy.testing.ManifestGateway;
import io.modelproxy.testing.PrometheusText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Per-client rate limits through real HTTP: 429s in each dialect, the limit headers, tokens, shared budgets. */
class RateLimitTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String K1 = "sk-first-11aa";
    private static final String K2 = "sk-second-22bb";

    @RegisterExtension
    @Order(1)
    static final FakeUpstream upstream = new FakeUpstream();

    private static final Map<String, String> CLIENT_KEYS = Map.of("tester", "key-tester", "other", "key-other", "ci-bot", "key-ci-bot");

    @RegisterExtension
    final ManifestGateway gateway = ManifestGateway.perTest();

    /** A second replica, for the shared budgets. */
    @RegisterExtension
    final ManifestGateway replica = ManifestGateway.perTest();

    @BeforeEach
    void answerWithUsage() {
        upstream.reset();
        answerUsing(1, 1);
    }

    /** Every dialect's answer, reporting this usage. */
    private static void answerUsing(int input, int output) {
        upstream.answer(call -> switch (call.path()) {
            case "/v1/messages" -> FakeUpstream.json(200, "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
                    + "\"model\":\"claude\",\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],\"stop_reason\":\"end_turn\","
                    + "\"usage\":{\"input_tokens\":" + input + ",\"output_tokens\":" + output + "}}");
            case "/v1/responses" -> FakeUpstream.json(200, "{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"completed\","
                    + "\"model\":\"gpt\",\"output\":[],\"usage\":{\"input_tokens\":" + input + ",\"output_tokens\":" + output
                    + ",\"total_tokens\":" + (input + output) + "}}");
            default -> call.json().path("stream").asBoolean()
                    ? FakeUpstream.sse("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt\",\"choices\":"
                    + "[{\"index\":0,\"delta\":{\"content\":\"ok\"}}]}\n\n"
                    + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt\",\"choices\":[{\"index\":0,"
                    + "\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":" + input + ",\"completion_tokens\":"
                    + output + ",\"total_tokens\":" + (input + output) + "}}\n\ndata: [DONE]\n\n")
                    : FakeUpstream.json(200, "{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt\","
                    + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}],"
                    + "\"usage\":{\"prompt_tokens\":" + input + ",\"completion_tokens\":" + output + ",\"total_tokens\":"
                    + (input + output) + "}}");
        });
    }

    /** Starts {@code gateway} with this ModelGateway spec (limits, shared state) in front of a provider of every dialect. */
    private static ManifestGateway start(ManifestGateway gateway, String spec) {
        return gateway.start(ManifestGateway.modelGateway(spec, CLIENT_KEYS)
                + ManifestGateway.provider("chat", Dialect.OpenAIChat, upstream.baseUrl(), K1, K2)
                + ManifestGateway.provider("resp", Dialect.OpenAIResponses, upstream.baseUrl(), K1)
                + ManifestGateway.provider("anth", Dialect.AnthropicMessages, upstream.baseUrl(), K1)
                + ManifestGateway.model("gpt", "chat", "gpt-up") + ManifestGateway.model("gpt-r", "resp", "gpt-up")
                + ManifestGateway.model("claude", "anth", "claude-up"));
    }

    private static String chat(int maxTokens) {
        return "{\"model\":\"gpt\",\"max_tokens\":" + maxTokens + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    private static final String RESPONSES = "{\"model\":\"gpt-r\",\"input\":\"hi\",\"max_output_tokens\":16}";
    private static final String MESSAGES = "{\"model\":\"claude\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private static JsonNode body(AggregatedHttpResponse response) throws Exception {
        return JSON.readTree(response.contentUtf8());
    }

    @Test
    void theSixthOfFiveRequestsIsA429InEveryDialectAndAnotherClientIsStillServed() throws Exception {
        record Endpoint(String path, String body, String remainingHeader) {}
        for (Endpoint e : List.of(new Endpoint("/v1/chat/completions", chat(16), "x-ratelimit-remaining-requests"),
                new Endpoint("/v1/responses", RESPONSES, "x-ratelimit-remaining-requests"),
                new Endpoint("/v1/messages", MESSAGES, "anthropic-ratelimit-requests-remaining"))) {
            start(gateway, "rateLimits: {requestsPerMinute: 5}");
            List<String> remaining = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                AggregatedHttpResponse ok = gateway.post(e.path(), e.body(), "key-tester");
                assertThat(ok.status().code()).as("%s %s", e.path(), ok.contentUtf8()).isEqualTo(200);
                remaining.add(ok.headers().get(e.remainingHeader()));
            }
            assertThat(remaining).as(e.path()).containsExactly("4", "3", "2", "1", "0");

            AggregatedHttpResponse sixth = gateway.post(e.path(), e.body(), "key-tester");

            assertThat(sixth.status().code()).as(e.path()).isEqualTo(429);
            assertThat(Long.parseLong(sixth.headers().get("retry-after"))).isBetween(1L, 60L);
            JsonNode error = body(sixth);
            if (e.path().equals("/v1/messages")) {
                assertThat(error.path("type").asText()).isEqualTo("error");
                assertThat(error.path("error").path("type").asText()).isEqualTo("rate_limit_error");
                assertThat(sixth.headers().get("anthropic-ratelimit-requests-limit")).isEqualTo("5");
            } else {
                assertThat(sixth.headers().get("x-ratelimit-limit-requests")).isEqualTo("5");
            }
            assertThat(error.path("error").path("message").asText())
                    .contains("client tester is over its limit of 5 requests per minute");
            assertThat(gateway.post(e.path(), e.body(), "key-other").status().code()).as(e.path()).isEqualTo(200);
            assertThat(gateway.server().limitState().rejections().of(LimitKind.REQUESTS)).isEqualTo(1);
            gateway.stop();
        }
        assertThat(upstream.calls()).hasSize(18);  // the refused requests never reached a provider
    }

    @Test
    void aClientOverrideReplacesTheDefault() {
        start(gateway, "rateLimits: {requestsPerMinute: 100, clients: {ci-bot: {requestsPerMinute: 1}}}");

        assertThat(gateway.post("/v1/chat/completions", chat(16), "key-ci-bot").status().code()).isEqualTo(200);
        AggregatedHttpResponse second = gateway.post("/v1/chat/completions", chat(16), "key-ci-bot");
        assertThat(second.status().code()).isEqualTo(429);
        assertThat(second.contentUtf8()).contains("client ci-bot is over its limit of 1 requests per minute");
        AggregatedHttpResponse tester = gateway.post("/v1/chat/completions", chat(16), "key-tester");
        assertThat(tester.status().code()).isEqualTo(200);
        assertThat(tester.headers().get("x-ratelimit-limit-requests")).isEqualTo("100");
    }

    @Test
    void theClientThatSpentItsTokensIsLimitedAndSettlingCorrectsAnOverEstimate() {
        start(gateway, "rateLimits: {tokensPerMinute: 5000}");

        // reserved: about 4000 (max_tokens); used: 20, so the reservation is given back
        AggregatedHttpResponse first = gateway.post("/v1/chat/completions", chat(4000), "key-tester");
        assertThat(Long.parseLong(first.headers().get("x-ratelimit-remaining-tokens"))).isLessThan(1000);
        answerUsing(10, 10);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(Long.parseLong(gateway.post("/v1/chat/completions",
                chat(10), "key-tester").headers().get("x-ratelimit-remaining-tokens"))).isGreaterThan(4000));

        // now the upstream reports far more than the estimate: the budget is spent
        answerUsing(100, 6000);
        assertThat(gateway.post("/v1/chat/completions", chat(10), "key-tester").status().code()).isEqualTo(200);
        await().atMost(PATIENCE).untilAsserted(() -> {
            AggregatedHttpResponse limited = gateway.post("/v1/chat/completions", chat(10), "key-tester");
            assertThat(limited.status().code()).isEqualTo(429);
            assertThat(limited.contentUtf8()).contains("limit of 5000 tokens per minute");
            assertThat(limited.headers().get("x-ratelimit-remaining-tokens")).isEqualTo("0");
        });
        assertThat(gateway.post("/v1/chat/completions", chat(10), "key-other").status().code()).isEqualTo(200);
    }

    @Test
    void aStreamAlreadyAdmittedCompletesWhenItsUsageExhaustsTheBudget() {
        start(gateway, "rateLimits: {tokensPerMinute: 1000}");
        answerUsing(50, 5000);

        AggregatedHttpResponse stream = gateway.post("/v1/chat/completions",
                "{\"model\":\"gpt\",\"stream\":true,\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "key-tester");

        assertThat(stream.status().code()).isEqualTo(200);
        assertThat(stream.contentUtf8()).contains("\"content\":\"ok\"").contains("\"finish_reason\":\"stop\"").endsWith("data: [DONE]\n\n");
        assertThat(stream.headers().get("x-ratelimit-limit-tokens")).isEqualTo("1000");
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(gateway.post("/v1/chat/completions", chat(10), "key-tester").status().code()).isEqualTo(429));
    }

    @Test
    void twoGatewaysSharingRedisHaveOneBudgetAndSkipAKeyTheOtherCooled() throws Exception {
        try (var redis = new io.modelproxy.testing.RedisProcess()) {
            String shared = """
                    rateLimits: {requestsPerMinute: 3}
                    sharedState: {redis: {url: "%s", keyPrefix: "rl-test:"}, failureMode: Open}""".formatted(redis.url());
            ManifestGateway a = start(gateway, shared);
            ManifestGateway b = start(replica, shared);
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(a.get("/health/detailed").contentUtf8()).isNotEmpty());

            assertThat(a.post("/v1/chat/completions", chat(16), "key-tester").status().code()).isEqualTo(200);
            assertThat(b.post("/v1/chat/completions", chat(16), "key-tester").status().code()).isEqualTo(200);
            assertThat(a.post("/v1/chat/completions", chat(16), "key-tester").status().code()).isEqualTo(200);
            AggregatedHttpResponse fourth = b.post("/v1/chat/completions", chat(16), "key-tester");
            assertThat(fourth.status().code()).as(fourth.contentUtf8()).isEqualTo(429);

            // K1 answers 429 for a minute; through gateway a, then never again through b
            upstream.reset();
            upstream.answer(call -> K1.equals(call.key())
                    ? FakeUpstream.json(429, "{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit_error\"}}", "retry-after", "60")
                    : FakeUpstream.json(200, "{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt\","
                    + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}"));
            while (upstream.calls().stream().noneMatch(c -> K1.equals(c.key()))) {
                assertThat(a.post("/v1/chat/completions", chat(16), "key-other").status().code()).isEqualTo(200);
            }
            await().atMost(PATIENCE).until(() -> b.get("/health/detailed").contentUtf8().contains("\"state\":\"cooling\""));
            int k1Calls = (int) upstream.calls().stream().filter(c -> K1.equals(c.key())).count();
            for (int i = 0; i < 3; i++) {  // both keys' turn comes up in rotation
                assertThat(b.post("/v1/chat/completions", chat(16), "key-ci-bot").status().code()).isEqualTo(200);
            }
            assertThat(upstream.calls().stream().filter(c -> K1.equals(c.key())).count()).isEqualTo(k1Calls);
        }
    }

    @Test
    void failClosedAnswers503WhileRedisIsGoneAndServesWhenItReturns() throws Exception {
        try (var redis = new io.modelproxy.testing.RedisProcess()) {
            start(gateway, """
                    rateLimits: {requestsPerMinute: 100}
                    sharedState: {redis: {url: "%s", keyPrefix: "closed:"}, failureMode: Closed}""".formatted(redis.url()));
            await().atMost(PATIENCE).untilAsserted(() ->
                    assertThat(gateway.post("/v1/messages", MESSAGES, "key-tester").status().code()).isEqualTo(200));

            redis.stop();
            await().atMost(PATIENCE).untilAsserted(() -> {
                AggregatedHttpResponse refused = gateway.post("/v1/messages", MESSAGES, "key-tester");
                assertThat(refused.status().code()).isEqualTo(503);
                assertThat(refused.headers().get("retry-after")).isEqualTo("1");
                assertThat(refused.contentUtf8()).contains("Redis").contains("\"type\":\"error\"");
            });
            // the outage is counted in /metrics
            assertThat(new PrometheusText(gateway.http().get("/metrics").aggregate().join().contentUtf8())
                    .sum("modelproxy_shared_state_outages_total")).isGreaterThanOrEqualTo(1);

            redis.start();
            await().atMost(PATIENCE).untilAsserted(() ->
                    assertThat(gateway.post("/v1/messages", MESSAGES, "key-tester").status().code()).isEqualTo(200));
        }
    }
}
