package io.modelproxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import io.modelproxy.api.Dialect;
import io.modelproxy.testing.FakeUpstream;
import io.modelproxy.testing.Fixtures;
import io.modelproxy.testing.ManifestGateway;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The client-facing edge: client auth, bad input (each a 4xx in the endpoint's dialect, never a 500),
 * request size limits, streaming aliases, probes and CORS.
 */
class ClientApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long LIMIT = 1024 * 1024;

    @RegisterExtension
    @Order(1)
    static final FakeUpstream upstream = new FakeUpstream();

    // providers named so that the compiler's order (by name) is chat, messages, own-credential
    @RegisterExtension
    @Order(2)
    static final ManifestGateway gateway = new ManifestGateway(() -> ManifestGateway.modelGateway("""
            maxRequestBytes: %d
            cors: {origins: ["https://app.example"]}""".formatted(LIMIT))
            + ManifestGateway.provider("chat", Dialect.OpenAIChat, upstream.baseUrl(), "sk-chat")
            + ManifestGateway.provider("messages", Dialect.AnthropicMessages, upstream.baseUrl(), "sk-anth")
            + ManifestGateway.provider("own-credential", Dialect.AnthropicMessages, upstream.baseUrl())
            + ManifestGateway.model("m", "chat", "up-chat") + ManifestGateway.model("claude", "messages", "up-claude")
            + ManifestGateway.model("byok", "own-credential", "up-byok"))
            .clientKey(ManifestGateway.CLIENT_KEY)
            // no translators plugged in: a cross-dialect route has none (TranslatorPlugTest plugs one)
            .options(b -> b.translators((client, provider) -> null));

    /** Without client keys (so on loopback only), in front of one OpenAI provider without keys of its own. */
    @RegisterExtension
    @Order(3)
    static final ManifestGateway open = new ManifestGateway(() -> ManifestGateway.provider("byok", Dialect.OpenAIChat, upstream.baseUrl())
            + ManifestGateway.model("m", "byok", "up"));

    @BeforeEach
    void answer() {
        upstream.reset();
        upstream.answer(call -> switch (call.path()) {
            case "/v1/messages" -> FakeUpstream.json(200, Fixtures.text("anthropic-message.json"));
            default -> call.json().path("stream").asBoolean() ? FakeUpstream.sse(Fixtures.text("chat-stream.sse"))
                    : FailoverTest.ok(call);
        });
    }

    @Test
    void answersNameNoServerSoftware() {
        AggregatedHttpResponse res = gateway.post("/v1/chat/completions", "{\"model\":\"m\",\"messages\":[]}");

        assertThat(res.status().code()).isEqualTo(200);
        assertThat(res.headers().contains(HttpHeaderNames.SERVER)).isFalse();
        assertThat(res.headers().contains(HttpHeaderNames.DATE)).isTrue();
    }

    /** An OpenAI error object: {@code {error:{message,type,param,code}}}. */
    private static JsonNode openAiError(AggregatedHttpResponse res) throws Exception {
        assertThat(res.contentType().is(MediaType.JSON)).isTrue();
        JsonNode root = JSON.readTree(res.contentUtf8());
        assertThat(root.path("error").isObject()).as(res.contentUtf8()).isTrue();
        assertThat(root.path("error").has("type")).isTrue();
        assertThat(root.path("error").has("param")).isTrue();
        return root.path("error");
    }

    /** An Anthropic error object: {@code {type:"error",error:{type,message}}}. */
    private static JsonNode anthropicError(AggregatedHttpResponse res) throws Exception {
        assertThat(res.contentType().is(MediaType.JSON)).isTrue();
        JsonNode root = JSON.readTree(res.contentUtf8());
        assertThat(root.path("type").asText()).as(res.contentUtf8()).isEqualTo("error");
        return root.path("error");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"model\": \"m\",                 | 400 | not valid JSON        | ",
            "[1, 2]                             | 400 | must be a JSON object | ",
            "{\"messages\": []}                 | 400 | `model` is required   | model",
            "{\"model\": 5}                     | 400 | must be a string      | model",
            "{\"model\": \"\"}                  | 400 | must not be empty     | model",
            "{\"model\": \"m\", \"stream\": \"yes\"} | 400 | must be a boolean | stream",
            "{\"model\": \"m\"} {}              | 400 | exactly one JSON object | ",
            "{\"model\": \"m\"} trailing        | 400 | not valid JSON        | ",
            "{\"model\": \"nope\"}              | 404 | available: byok, claude, m | model"})
    void badInputIsA4xxInTheDialectOfTheEndpoint(String body, int status, String message, String param) throws Exception {
        AggregatedHttpResponse chat = gateway.post("/v1/chat/completions", body.strip());
        assertThat(chat.status().code()).isEqualTo(status);
        JsonNode openAi = openAiError(chat);
        assertThat(openAi.path("message").asText()).contains(message);
        assertThat(openAi.path("type").asText()).isEqualTo("invalid_request_error");
        if (param != null) {
            assertThat(openAi.path("param").asText()).isEqualTo(param);
        }

        AggregatedHttpResponse responses = gateway.post("/v1/responses", body.strip());
        assertThat(responses.status().code()).isEqualTo(status);
        assertThat(openAiError(responses).path("message").asText()).contains(message);

        AggregatedHttpResponse messages = gateway.post("/v1/messages", body.strip());
        assertThat(messages.status().code()).isEqualTo(status);
        JsonNode anthropic = anthropicError(messages);
        assertThat(anthropic.path("message").asText()).contains(message);
        assertThat(anthropic.path("type").asText()).isEqualTo(status == 404 ? "not_found_error" : "invalid_request_error");
        assertThat(upstream.calls()).isEmpty();
    }

    @Test
    void aUtf16BodyIs400NotA500() throws Exception {
        byte[] utf16 = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_16LE);
        AggregatedHttpResponse res = gateway.http().execute(HttpRequest.of(
                RequestHeaders.builder(HttpMethod.POST, "/v1/chat/completions").contentType(MediaType.JSON)
                        .set(com.linecorp.armeria.common.HttpHeaderNames.AUTHORIZATION, "Bearer " + ManifestGateway.CLIENT_KEY)
                        .build(), HttpData.wrap(utf16))).aggregate().join();
        assertThat(res.status().code()).isEqualTo(400);
        assertThat(res.contentUtf8()).contains("UTF-8");
    }

    @Test
    void emptyBodyIs400() throws Exception {
        AggregatedHttpResponse res = gateway.post("/v1/messages", "");
        assertThat(res.status().code()).isEqualTo(400);
        assertThat(anthropicError(res).path("message").asText()).contains("empty");
    }

    @Test
    void largeToolDefinitionsPassAndBodiesOverTheLimitAre413() throws Exception {
        AggregatedHttpResponse ok = gateway.post("/v1/chat/completions", chatWithTools(LIMIT - 64 * 1024));
        assertThat(ok.status().code()).isEqualTo(200);
        assertThat(upstream.calls().getLast().json().path("tools").size()).isGreaterThan(100);

        AggregatedHttpResponse tooLarge = gateway.post("/v1/chat/completions", chatWithTools(LIMIT + 1024));
        assertThat(tooLarge.status().code()).isEqualTo(413);
        assertThat(openAiError(tooLarge).path("message").asText()).contains("larger than", String.valueOf(LIMIT));

        AggregatedHttpResponse tooLargeAnthropic = gateway.post("/v1/messages", chatWithTools(LIMIT + 1024));
        assertThat(tooLargeAnthropic.status().code()).isEqualTo(413);
        assertThat(anthropicError(tooLargeAnthropic).path("type").asText()).isEqualTo("request_too_large");
        assertThat(upstream.calls()).hasSize(1);
    }

    private static String chatWithTools(long size) {
        StringBuilder sb = new StringBuilder("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"tools\":[");
        int i = 0;
        while (sb.length() < size - 600) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"type\":\"function\",\"function\":{\"name\":\"tool_").append(i++)
                    .append("\",\"description\":\"").append("x".repeat(300))
                    .append("\",\"parameters\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}}}");
        }
        return sb.append("]}").toString();
    }

    @Test
    void missingOrWrongClientKeyIs401InTheEndpointsDialect() throws Exception {
        AggregatedHttpResponse chat = gateway.post("/v1/chat/completions", "{\"model\":\"m\"}", null);
        assertThat(chat.status().code()).isEqualTo(401);
        assertThat(openAiError(chat).path("code").asText()).isEqualTo("invalid_api_key");

        AggregatedHttpResponse messages = gateway.post("/v1/messages", "{\"model\":\"claude\"}", "wrong-key");
        assertThat(messages.status().code()).isEqualTo(401);
        assertThat(anthropicError(messages).path("type").asText()).isEqualTo("authentication_error");
        assertThat(upstream.calls()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"authorization:Bearer ", "authorization:bearer ", "authorization:BEARER ", "authorization:", "x-api-key:"})
    void clientKeyIsAcceptedInEitherHeaderWithOrWithoutTheBearerScheme(String headerAndPrefix) {
        String[] parts = headerAndPrefix.split(":", 2);
        RequestHeaders headers = RequestHeaders.builder(HttpMethod.POST, "/v1/chat/completions")
                .contentType(MediaType.JSON).set(parts[0], parts[1] + ManifestGateway.CLIENT_KEY).build();
        AggregatedHttpResponse res = gateway.http().execute(HttpRequest.of(headers,
                HttpData.ofUtf8("{\"model\":\"m\",\"messages\":[]}"))).aggregate().join();
        assertThat(res.status().code()).isEqualTo(200);
        assertThat(upstream.calls().getLast().key()).isEqualTo("sk-chat");
        assertThat(upstream.calls().getLast().headers().toString()).doesNotContain(ManifestGateway.CLIENT_KEY);
    }

    @Test
    void probesAndHealthNeedNoKey() throws Exception {
        AggregatedHttpResponse root = gateway.http().get("/").aggregate().join();
        assertThat(root.status().code()).isEqualTo(200);
        assertThat(root.contentUtf8()).isEqualTo("Model Proxy");
        assertThat(gateway.http().head("/").aggregate().join().status().code()).isEqualTo(200);
        assertThat(gateway.http().get("/health").aggregate().join().contentUtf8()).isEqualTo("{\"status\":\"ok\"}");
        assertThat(gateway.http().get("/healthz").aggregate().join().contentUtf8()).isEqualTo("{\"status\":\"ok\"}");
        AggregatedHttpResponse ready = gateway.http().get("/health/ready").aggregate().join();
        assertThat(ready.status().code()).isEqualTo(200);
        JsonNode detailed = JSON.readTree(gateway.http().get("/health/detailed").aggregate().join().contentUtf8());
        assertThat(detailed.path("providers").get(0).path("keys").path("keys").get(0).path("key").asText()).isEqualTo("chat-keys/k1");
        assertThat(detailed.path("providers").get(0).path("keys").path("available").asInt()).isEqualTo(1);
        assertThat(detailed.path("models")).hasSize(3);
        assertThat(detailed.path("providers").get(2).path("keys").path("forwardsClientCredential").asBoolean()).isTrue();
    }

    @Test
    void streamingAliasesForceAStream() {
        for (String path : List.of("/v1/chat/completions/stream", "/v1/chat/completions-stream")) {
            AggregatedHttpResponse res = gateway.post(path, "{\"model\":\"m\",\"messages\":[]}");
            assertThat(res.status().code()).isEqualTo(200);
            assertThat(res.contentType().is(MediaType.EVENT_STREAM)).isTrue();
            assertThat(res.contentUtf8()).contains("\"model\":\"m\"").endsWith("data: [DONE]\n\n");
            assertThat(upstream.calls().getLast().json().path("stream").asBoolean()).isTrue();
        }
        AggregatedHttpResponse stream = gateway.post("/v1/chat/completions/stream", "{\"stream\":false,\"model\":\"m\"}");
        assertThat(stream.contentType().is(MediaType.EVENT_STREAM)).isTrue();
        // the stream's usage is asked for the gateway's own accounting; the rest is the client's bytes
        assertThat(upstream.calls().getLast().body())
                .isEqualTo("{\"stream_options\":{\"include_usage\":true},\"stream\":true,\"model\":\"up-chat\"}");
    }

    @Test
    void aRouteInAnotherDialectWithoutATranslatorIs400() throws Exception {
        AggregatedHttpResponse res = gateway.post("/v1/messages", "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[]}");
        assertThat(res.status().code()).isEqualTo(400);
        assertThat(anthropicError(res).path("message").asText())
                .contains("translation from AnthropicMessages to OpenAIChat is not available");
        assertThat(upstream.calls()).isEmpty();
    }

    @Test
    void corsAllowsConfiguredOriginsOnly() {
        AggregatedHttpResponse preflight = gateway.http().execute(RequestHeaders.builder(HttpMethod.OPTIONS, "/v1/chat/completions")
                .set("origin", "https://app.example").set("access-control-request-method", "POST")
                .set("access-control-request-headers", "authorization, content-type").build()).aggregate().join();
        assertThat(preflight.status().code()).isEqualTo(204);
        assertThat(preflight.headers().get("access-control-allow-origin")).isEqualTo("https://app.example");
        assertThat(preflight.headers().get("access-control-allow-headers")).isEqualTo("authorization, content-type");

        AggregatedHttpResponse other = gateway.http().execute(RequestHeaders.builder(HttpMethod.OPTIONS, "/v1/chat/completions")
                .set("origin", "https://evil.example").set("access-control-request-method", "POST").build()).aggregate().join();
        assertThat(other.headers().get("access-control-allow-origin")).isNull();

        AggregatedHttpResponse actual = gateway.http().execute(HttpRequest.of(RequestHeaders.builder(HttpMethod.POST, "/v1/chat/completions")
                .contentType(MediaType.JSON).set("origin", "https://app.example")
                .set("authorization", "Bearer " + ManifestGateway.CLIENT_KEY).build(), HttpData.ofUtf8("{\"model\":\"m\"}")))
                .aggregate().join();
        assertThat(actual.status().code()).isEqualTo(200);
        assertThat(actual.headers().get("access-control-allow-origin")).isEqualTo("https://app.example");
    }

    @Test
    void aProviderWithoutKeysGetsTheClientsOwnCredentialButNeverTheGatewayKey() {
        String body = "{\"model\":\"byok\",\"max_tokens\":5,\"messages\":[]}";
        RequestHeaders both = RequestHeaders.builder(HttpMethod.POST, "/v1/messages").contentType(MediaType.JSON)
                .set("x-api-key", ManifestGateway.CLIENT_KEY).set("authorization", "Bearer user-oauth-token").build();
        assertThat(gateway.http().execute(HttpRequest.of(both, HttpData.ofUtf8(body))).aggregate().join().status().code())
                .isEqualTo(200);
        FakeUpstream.Call call = upstream.calls().getLast();
        assertThat(call.headers().get("authorization")).isEqualTo("Bearer user-oauth-token");
        assertThat(call.headers().contains("x-api-key")).isFalse();

        assertThat(gateway.post("/v1/messages", body).status().code()).isEqualTo(200);
        assertThat(upstream.calls().getLast().headers().contains("authorization")).isFalse();
        assertThat(upstream.calls().getLast().headers().toString()).doesNotContain(ManifestGateway.CLIENT_KEY);
    }

    @Test
    void theClientsOwnCredentialNeverCrossesToAProviderOfAnotherDialect() throws Exception {
        int callsBefore = upstream.calls().size();
        AggregatedHttpResponse res = open.post("/v1/messages",
                "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "sk-ant-oauth-user");
        assertThat(res.status().code()).isEqualTo(503);
        assertThat(anthropicError(res).path("message").asText())
                .contains("only forwarded to providers of the client's dialect");
        assertThat(upstream.calls()).hasSize(callsBefore);
    }

    @Test
    void withoutClientAuthTheClientsKeyGoesToAProviderThatHasNone() {
        AggregatedHttpResponse res = open.post("/v1/chat/completions", "{\"model\":\"m\",\"messages\":[]}", "sk-user-own");
        assertThat(res.status().code()).isEqualTo(200);
        assertThat(upstream.calls().getLast().key()).isEqualTo("sk-user-own");
    }
}
