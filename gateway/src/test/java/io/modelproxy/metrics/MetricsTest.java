package io.modelproxy.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import io.modelproxy.admin.activity.KeyStatus;
import io.modelproxy.api.Dialect;
import io.modelproxy.testing.FakeUpstream;
import io.modelproxy.testing.ManifestGateway;
import io.modelproxy.testing.PrometheusText;
import io.modelproxy.testing.UsageAnswers;
import io.modelproxy.testing.WireAnswers;
import io.modelproxy.testing.WireAnswers.ChatUsage;
import io.modelproxy.testing.WireAnswers.Reply;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scrapes {@code /metrics} after real requests through the gateway to a fake upstream (plain,
 * streamed, translated, failed over, rate limited, cooled down) and checks the series and their values.
 */
class MetricsTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    @Order(1)
    static final FakeUpstream upstream = new FakeUpstream();

    @RegisterExtension
    final ManifestGateway observed = ManifestGateway.perTest().clientKey(ManifestGateway.CLIENT_KEY);

    private ManifestGateway start() {
        upstream.answer(UsageAnswers::answer);
        return observed.start(ManifestGateway.modelGateway("rateLimits: {models: {capped: {requestsPerMinute: 1}}}")
                + ManifestGateway.provider("openai", Dialect.OpenAIChat, upstream.baseUrl(), "sk-metrics-k1-0000", "sk-metrics-k2-1111")
                + ManifestGateway.model("fast", "openai", "gpt-fast")
                + ManifestGateway.routedModel("failing", "openai/broken", "openai/gpt-backup")
                + ManifestGateway.model("capped", "openai", "gpt-fast")
                + ManifestGateway.model("limited", "openai", "limited-up")
                + ManifestGateway.model("unreported", "openai", "no-stream-usage"));
    }

    /** The manifests of the reload: one key left, another context window and these metrics settings. */
    private static String reloaded(String metrics) {
        return ManifestGateway.modelGateway("defaultContextWindow: 64000\n" + metrics)
                + ManifestGateway.provider("openai", Dialect.OpenAIChat, upstream.baseUrl(), "sk-metrics-k1-0000")
                + ManifestGateway.model("fast", "openai", "gpt-fast");
    }

    private static PrometheusText scrape(ManifestGateway gateway) {
        AggregatedHttpResponse res = gateway.http().get("/metrics").aggregate().join();
        assertThat(res.status().code()).isEqualTo(200);
        assertThat(res.contentType().toString()).startsWith("text/plain");
        return new PrometheusText(res.contentUtf8());
    }

    @Test
    void requestsShowUpInTheGenAiSeriesAndTheGatewaysOwn() throws Exception {
        try (ManifestGateway gateway = start()) {
            assertThat(gateway.post("/v1/chat/completions", "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                    .status().code()).isEqualTo(200);
            assertThat(gateway.post("/v1/chat/completions", "{\"model\":\"fast\",\"stream\":true,"
                    + "\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                    .contentUtf8()).contains("[DONE]");
            // translated: an Anthropic client on the Chat upstream
            assertThat(gateway.post("/v1/messages", "{\"model\":\"fast\",\"max_tokens\":50,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").contentUtf8()).contains("\"input_tokens\":8").contains("\"cache_read_input_tokens\":3");
            assertThat(gateway.post("/v1/chat/completions", "{\"model\":\"failing\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                    .status().code()).isEqualTo(200);
            assertThat(gateway.post("/v1/chat/completions", "{\"model\":\"capped\",\"messages\":[]}").status().code()).isEqualTo(200);
            assertThat(gateway.post("/v1/chat/completions", "{\"model\":\"capped\",\"messages\":[]}").status().code()).isEqualTo(429);
            // twice: the key rotation may start either request on k2; either way k1 answers 429 exactly once
            for (int i = 0; i < 2; i++) {
                assertThat(gateway.post("/v1/chat/completions", "{\"model\":\"limited\",\"messages\":[]}").status().code())
                        .isEqualTo(200);
            }

            await().atMost(PATIENCE).untilAsserted(() -> assertThat(scrape(gateway)
                    .sum("modelproxy_requests_total", "client", "tester")).isEqualTo(8));
            PrometheusText m = scrape(gateway);
            String[] fast = {"gen_ai_request_model", "fast", "gen_ai_response_model", "gpt-fast", "gen_ai_provider_name", "openai"};
            // token counts equal the upstream's usage: JSON 11/7 twice (Chat and translated), the stream 21/9
            assertThat(m.sum("gen_ai_client_token_usage_sum", concat(fast, "gen_ai_token_type", "input"))).isEqualTo(11 + 11 + 21);
            assertThat(m.sum("gen_ai_client_token_usage_sum", concat(fast, "gen_ai_token_type", "output"))).isEqualTo(7 + 7 + 9);
            assertThat(m.sum("gen_ai_client_token_usage_sum", concat(fast, "gen_ai_token_type", "cached_input"))).isEqualTo(3 + 3 + 5);
            assertThat(m.sum("gen_ai_client_token_usage_count", concat(fast, "gen_ai_token_type", "input", "estimated", "false")))
                    .isEqualTo(3);
            assertThat(m.sum("gen_ai_server_request_duration_seconds_count", concat(fast, "gen_ai_operation_name", "chat")))
                    .isEqualTo(3);
            // time to first token only for the stream
            assertThat(m.sum("gen_ai_server_time_to_first_token_seconds_count", "gen_ai_request_model", "fast")).isEqualTo(1);
            assertThat(m.sum("gen_ai_server_time_per_output_token_seconds_count", "gen_ai_request_model", "fast")).isEqualTo(1);
            // the fallback with both routes; two attempts for that request
            assertThat(m.sum("modelproxy_fallbacks_total", "model", "failing", "from_route", "openai/broken",
                    "to_route", "openai/gpt-backup")).isEqualTo(1);
            assertThat(m.sum("modelproxy_request_attempts_sum", "model", "failing")).isEqualTo(2);
            assertThat(m.sum("gen_ai_server_request_duration_seconds_count", "gen_ai_request_model", "failing",
                    "gen_ai_response_model", "gpt-backup")).isEqualTo(1);
            // the rate-limited one
            assertThat(m.sum("modelproxy_rate_limit_rejections_total", "limit", "requests")).isEqualTo(1);
            assertThat(m.sum("modelproxy_requests_total", "model", "capped", "status_class", "4xx")).isEqualTo(1);
            // a key that answered 429 cools down and is counted, by name
            assertThat(m.sum("modelproxy_key_cooldowns_total", "provider", "openai", "key", "openai-keys/k1",
                    "reason", "429", "scope", "model")).isEqualTo(1);
            assertThat(m.sum("modelproxy_keys_cooling", "provider", "openai")).isEqualTo(1);
            // ... and health and the admin tell which key, until when, why, by name and digest
            JsonNode keys = JSON.readTree(gateway.get("/health/detailed").contentUtf8()).path("providers").get(0).path("keys");
            JsonNode k1 = keys.path("keys").get(0);
            assertThat(k1.path("key").asText()).isEqualTo("openai-keys/k1");
            assertThat(k1.path("digest").asText()).matches("sha256:[0-9a-f]{8}");
            assertThat(k1.path("state").asText()).isEqualTo("cooling");
            assertThat(k1.path("reason").asInt()).isEqualTo(429);
            assertThat(k1.path("modelCooldowns").path("limited-up").path("reason").asInt()).isEqualTo(429);
            assertThat(k1.path("modelCooldowns").path("limited-up").path("until").asText()).isNotEmpty();
            assertThat(keys.path("keys").get(1).path("state").asText()).isEqualTo("ready");
            assertThat(gateway.server().keyStatuses().statuses()).extracting(KeyStatus::key, KeyStatus::state, KeyStatus::reason)
                    .containsExactly(tuple("k1", "cooling", "429 from upstream, for model limited-up"), tuple("k2", "ready", null));
            assertThat(m.sum("modelproxy_route_circuit_open", "route", "openai/gpt-fast")).isEqualTo(0);
            assertThat(m.sum("modelproxy_config_generation")).isEqualTo(1);
            assertThat(m.has("modelproxy_streams_in_flight")).isTrue();
            assertThat(m.has("modelproxy_config_reload_failures_total")).isTrue();
            // Armeria's HTTP figures of the client API
            assertThat(m.has("armeria_server_requests_total")).isTrue();
        }
    }

    @Test
    void aChatStreamsUsageIsAskedForAndKeptFromAClientThatDidNotAskForIt() throws Exception {
        try (ManifestGateway gateway = start()) {
            String answer = gateway.post("/v1/chat/completions", "{\"model\":\"fast\",\"stream\":true,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").contentUtf8();
            assertThat(upstream.calls().getLast().json().path("stream_options").path("include_usage").asBoolean()).isTrue();
            assertThat(answer).contains("Hello ther").endsWith("data: [DONE]\n\n").doesNotContain("\"usage\":{")
                    .doesNotContain("\"choices\":[]");
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(scrape(gateway).sum("gen_ai_client_token_usage_count",
                    "gen_ai_token_type", "output", "estimated", "false")).isEqualTo(1));
            PrometheusText m = scrape(gateway);
            assertThat(m.sum("gen_ai_client_token_usage_sum", "gen_ai_token_type", "input")).isEqualTo(21);
            assertThat(m.sum("gen_ai_client_token_usage_sum", "gen_ai_token_type", "output")).isEqualTo(9);
            assertThat(gateway.server().requestLog().entries(1)).singleElement().satisfies(e -> {
                assertThat(e.usage()).isEqualTo("reported");
                assertThat(e.outputTokens()).isEqualTo(9);
            });

            // a client that said no: nothing is asked
            gateway.post("/v1/chat/completions", "{\"model\":\"fast\",\"stream\":true,\"stream_options\":{\"include_usage\":false},"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").contentUtf8();
            assertThat(upstream.calls().getLast().json().path("stream_options").path("include_usage").asBoolean(true)).isFalse();
        }
    }

    @Test
    void aStreamWithoutUsageIsEstimatedAndMarked() {
        try (ManifestGateway gateway = start()) {
            // a provider that ignores stream_options reports no usage
            assertThat(gateway.post("/v1/chat/completions", "{\"model\":\"unreported\",\"stream\":true,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"Tell me something about streams\"}]}")
                    .contentUtf8()).contains("[DONE]");
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(scrape(gateway).sum("gen_ai_client_token_usage_count",
                    "gen_ai_token_type", "output", "estimated", "true")).isEqualTo(1));
            PrometheusText m = scrape(gateway);
            assertThat(m.sum("gen_ai_client_token_usage_sum", "gen_ai_token_type", "output", "estimated", "true")).isGreaterThan(0);
            assertThat(m.sum("gen_ai_client_token_usage_sum", "gen_ai_token_type", "input", "estimated", "true")).isGreaterThan(0);
            assertThat(m.has("gen_ai_client_token_usage_count", "estimated", "false")).isFalse();
        }
    }

    @Test
    void aTranslatedStreamCountsTheUsageTheUpstreamReportedAndEstimatesWhereItReportedNone() {
        try (ManifestGateway gateway = start()) {
            String answer = gateway.post("/v1/messages", "{\"model\":\"fast\",\"max_tokens\":64,\"stream\":true,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").contentUtf8();
            assertThat(answer).contains("event: message_stop").contains("\"output_tokens\":9");
            // the Anthropic client's message_start carries the gateway's input estimate; the record holds the upstream's figures
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(gateway.server().requestLog().entries(1)).singleElement()
                    .satisfies(e -> {
                        assertThat(e.usage()).isEqualTo("reported");
                        assertThat(e.inputTokens()).isEqualTo(21);
                        assertThat(e.outputTokens()).isEqualTo(9);
                    }));

            assertThat(gateway.post("/v1/messages", "{\"model\":\"unreported\",\"max_tokens\":64,\"stream\":true,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"Tell me something about streams\"}]}").contentUtf8())
                    .contains("event: message_stop");
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(gateway.server().requestLog().entries(2)).first()
                    .satisfies(e -> {
                        assertThat(e.usage()).isEqualTo("estimated");
                        assertThat(e.outputTokens()).isGreaterThan(0);
                    }));
        }
    }

    @Test
    void metricsAndRecordsSurviveAReloadAndMetricsCanBeTurnedOff() {
        try (ManifestGateway gateway = start()) {
            gateway.post("/v1/chat/completions", "{\"model\":\"fast\",\"messages\":[]}");
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(scrape(gateway).sum("modelproxy_requests_total")).isEqualTo(1));
            gateway.rewrite(reloaded(""));
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(scrape(gateway).sum("modelproxy_config_generation")).isEqualTo(2));
            assertThat(scrape(gateway).sum("modelproxy_requests_total")).isEqualTo(1);
            assertThat(gateway.server().requestLog().entries(10)).singleElement()
                    .satisfies(e -> assertThat(e.generation()).isEqualTo(1));

            gateway.rewrite(reloaded("metrics: {enabled: false}"));
            await().atMost(PATIENCE).until(() -> gateway.http().get("/metrics").aggregate().join().status().code() == 404);
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
