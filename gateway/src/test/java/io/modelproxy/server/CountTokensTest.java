package io.modelproxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.errors.NotFoundException;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import io.modelproxy.api.Dialect;
import io.modelproxy.testing.FakeUpstream;
import io.modelproxy.testing.ManifestGateway;
import io.modelproxy.testing.FakeUpstream.Call;
import io.modelproxy.testing.MutableClock;
import io.modelproxy.translate.TokenEstimator;
import io.modelproxy.dialect.Dialects;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code POST /v1/messages/count_tokens}: routed like {@code /v1/messages}; an Anthropic provider
 * counts (its path, its keys, its error policy), any other provider's route is counted by the
 * gateway's tokenizer and marked as an estimate.
 */
class CountTokensTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FIRST = "sk-ant-first";
    private static final String SECOND = "sk-ant-second";

    @RegisterExtension
    @Order(1)
    static final FakeUpstream anthropic = new FakeUpstream();

    @RegisterExtension
    @Order(2)
    static final FakeUpstream chat = new FakeUpstream();

    static final MutableClock clock = new MutableClock();

    @RegisterExtension
    @Order(3)
    static final ManifestGateway gateway = new ManifestGateway(() -> ManifestGateway.provider("anth", Dialect.AnthropicMessages,
            anthropic.baseUrl(), FIRST, SECOND) + ManifestGateway.provider("chat", Dialect.OpenAIChat, chat.baseUrl(), "sk-chat")
            + ManifestGateway.model("claude", "anth", "claude-up") + ManifestGateway.model("claude-on-chat", "chat", "gpt-up")
            + ManifestGateway.routedModel("claude-or-estimate", "anth/claude-up", "chat/gpt-up")).options(b -> b.dialects(Dialects.standard()).clock(clock));

    static AnthropicClient sdk;

    @BeforeAll
    static void start() {
        sdk = AnthropicOkHttpClient.builder().baseUrl(gateway.uri().toString()).apiKey("unused").maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        sdk.close();
    }

    @BeforeEach
    void reset() {
        clock.advance(Duration.ofHours(2));
        anthropic.reset();
        chat.reset();
    }

    @Test
    void anAnthropicProviderCountsWithItsKeyAndUpstreamModel() {
        anthropic.answer(call -> FakeUpstream.json(200, "{\"input_tokens\":2095}"));

        long tokens = sdk.messages().countTokens(MessageCountTokensParams.builder().model("claude")
                .system("You are terse.").addUserMessage("Hello, Claude").build()).inputTokens();

        assertThat(tokens).isEqualTo(2095);
        Call call = anthropic.calls().getLast();
        assertThat(call.path()).isEqualTo("/v1/messages/count_tokens");
        assertThat(call.model()).isEqualTo("claude-up");
        assertThat(List.of(FIRST, SECOND)).contains(call.key());
        assertThat(call.json().path("messages").get(0).path("content").toString()).contains("Hello, Claude");
        assertThat(chat.calls()).isEmpty();
    }

    @Test
    void theAnswerComesBackAsTheProviderSentIt() {
        anthropic.answer(call -> FakeUpstream.json(200, "{\"input_tokens\":14}"));

        AggregatedHttpResponse res = gateway.post("/v1/messages/count_tokens", request("claude", "hi"));

        assertThat(res.status().code()).isEqualTo(200);
        assertThat(res.contentUtf8()).isEqualTo("{\"input_tokens\":14}");
        assertThat(res.headers().get("x-model-proxy-estimate")).isNull();
        assertThat(res.headers().get("x-model-proxy-route")).isEqualTo("anth/claude-up");
    }

    @Test
    void aRateLimitedKeyCoolsAndTheNextKeyCounts() {
        anthropic.answer(call -> FIRST.equals(call.key())
                ? FakeUpstream.json(429, "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}",
                        "retry-after", "60")
                : FakeUpstream.json(200, "{\"input_tokens\":7}"));

        for (int i = 0; i < 3; i++) {
            AggregatedHttpResponse res = gateway.post("/v1/messages/count_tokens", request("claude", "hi"));
            assertThat(res.status().code()).isEqualTo(200);
            assertThat(res.contentUtf8()).isEqualTo("{\"input_tokens\":7}");
        }
        assertThat(anthropic.calls()).extracting(Call::key).containsOnlyOnce(FIRST);
    }

    @Test
    void anErrorTheProviderReturnsReachesTheClientInAnthropicShape() throws Exception {
        anthropic.answer(call -> FakeUpstream.json(400,
                "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"messages: field required\"}}"));

        AggregatedHttpResponse res = gateway.post("/v1/messages/count_tokens", "{\"model\":\"claude\"}");

        assertThat(res.status().code()).isEqualTo(400);
        JsonNode error = JSON.readTree(res.contentUtf8());
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.path("error").path("message").asText()).isEqualTo("messages: field required");
    }

    @Test
    void anotherProvidersRouteIsCountedLocallyAndMarkedAsAnEstimate() throws Exception {
        String body = request("claude-on-chat", "The quick brown fox jumps over the lazy dog, twice over.");

        AggregatedHttpResponse res = gateway.post("/v1/messages/count_tokens", body);

        assertThat(res.status().code()).isEqualTo(200);
        assertThat(res.headers().get("x-model-proxy-estimate")).isEqualTo("true");
        assertThat(res.headers().get("x-model-proxy-route")).isEqualTo("chat/gpt-up");
        long expected = TokenEstimator.o200k().count(JSON.readTree(body));
        assertThat(JSON.readTree(res.contentUtf8()).path("input_tokens").asLong()).isEqualTo(expected).isGreaterThan(10);
        assertThat(chat.calls()).as("OpenAI has no count endpoint: nothing is sent").isEmpty();

        long viaSdk = sdk.messages().countTokens(MessageCountTokensParams.builder().model("claude-on-chat")
                .addUserMessage("The quick brown fox jumps over the lazy dog, twice over.").build()).inputTokens();
        assertThat(viaSdk).isEqualTo(expected);
    }

    @Test
    void whenEveryAnthropicKeyIsCoolingTheNextRouteEstimates() {
        anthropic.answer(call -> FakeUpstream.json(529,
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));

        AggregatedHttpResponse res = gateway.post("/v1/messages/count_tokens", request("claude-or-estimate", "hi there"));

        assertThat(res.status().code()).isEqualTo(200);
        assertThat(res.headers().get("x-model-proxy-estimate")).isEqualTo("true");
        assertThat(res.headers().get("x-model-proxy-attempts")).isEqualTo("2");
        assertThat(anthropic.calls()).extracting(Call::path).containsOnly("/v1/messages/count_tokens").hasSize(2);
    }

    @Test
    void anUnknownModelIsANotFoundError() {
        Assertions.assertThatThrownBy(() -> sdk.messages().countTokens(MessageCountTokensParams.builder().model("nope")
                .addUserMessage("hi").build())).isInstanceOf(NotFoundException.class).hasMessageContaining("nope");
    }

    private static String request(String model, String text) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
    }
}
