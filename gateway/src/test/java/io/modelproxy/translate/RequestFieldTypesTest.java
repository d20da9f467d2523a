package io.modelproxy.translate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import io.modelproxy.api.Dialect;
import io.modelproxy.testing.FakeUpstream;
import io.modelproxy.testing.ManifestGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A translated request whose fields have the wrong type is refused with a 400 in the client's dialect,
 * naming the field, and no upstream is called: read leniently, the field would be dropped and the
 * upstream would answer a request the client did not send.
 */
class RequestFieldTypesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    @Order(1)
    static final FakeUpstream chat = new FakeUpstream();

    @RegisterExtension
    @Order(2)
    static final FakeUpstream anthropic = new FakeUpstream();

    @RegisterExtension
    @Order(3)
    static final ManifestGateway gateway = new ManifestGateway(() ->
            ManifestGateway.provider("chat", Dialect.OpenAIChat, chat.baseUrl(), "sk-chat")
            + ManifestGateway.provider("anth", Dialect.AnthropicMessages, anthropic.baseUrl(), "sk-ant")
            + ManifestGateway.model("on-chat", "chat", "gpt-up")
            + ManifestGateway.model("on-anthropic", "anth", "claude-up"));

    @BeforeEach
    void reset() {
        chat.reset();
        anthropic.reset();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"max_tokens\": \"x\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}] | max_tokens  | must be an integer, got a string",
            "\"max_tokens\": 2.5, \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]   | max_tokens  | must be an integer, got a number",
            "\"max_tokens\": 0, \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]     | max_tokens  | must be at least 1",
            "\"max_tokens\": 10, \"messages\": []                                            | messages    | at least one element",
            "\"max_tokens\": 10                                                              | messages    | is required",
            "\"max_tokens\": 10, \"messages\": \"hi\"                                        | messages    | must be an array",
            "\"max_tokens\": 10, \"messages\": [\"hi\"]                                      | messages    | `messages[0]` must be an object",
            "\"max_tokens\": 10, \"temperature\": \"hot\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}] | temperature | must be a number",
            "\"max_tokens\": 10, \"stop_sequences\": [1], \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}] | stop_sequences | array of strings",
            "\"max_tokens\": 10, \"metadata\": \"me\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]    | metadata    | must be an object",
    })
    void anAnthropicClientOnAChatUpstreamGetsAnAnthropicError(String fields, String param, String message) throws Exception {
        AggregatedHttpResponse res = gateway.post("/v1/messages", "{\"model\": \"on-chat\", " + fields + "}");

        assertThat(res.status().code()).as(res.contentUtf8()).isEqualTo(400);
        JsonNode body = JSON.readTree(res.contentUtf8());
        assertThat(body.path("type").asText()).isEqualTo("error");
        assertThat(body.path("error").path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(body.path("error").path("message").asText()).contains(param).contains(message);
        assertThat(chat.calls()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"max_tokens\": \"x\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]            | max_tokens            | must be an integer",
            "\"max_completion_tokens\": true, \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]  | max_completion_tokens | must be an integer, got a boolean",
            "\"n\": \"2\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]                     | n                     | must be an integer",
            "\"messages\": []                                                                         | messages              | at least one element",
            "\"top_p\": [1], \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]                   | top_p                 | must be a number, got an array",
            "\"parallel_tool_calls\": \"no\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]  | parallel_tool_calls   | must be a boolean",
    })
    void aChatClientOnAnAnthropicUpstreamGetsAnOpenAiErrorNamingTheParameter(String fields, String param, String message)
            throws Exception {
        AggregatedHttpResponse res = gateway.post("/v1/chat/completions", "{\"model\": \"on-anthropic\", " + fields + "}");

        assertThat(res.status().code()).as(res.contentUtf8()).isEqualTo(400);
        JsonNode error = JSON.readTree(res.contentUtf8()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("param").asText()).isEqualTo(param);
        assertThat(error.path("message").asText()).contains(message);
        assertThat(anthropic.calls()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"input\": 5                                | input             | must be a string or an array",
            "\"input\": [\"hi\"]                         | input             | `input[0]` must be an object",
            "\"input\": \"hi\", \"max_output_tokens\": \"x\" | max_output_tokens | must be an integer",
            "\"input\": \"hi\", \"instructions\": 7      | instructions      | must be a string, got a number",
    })
    void aResponsesClientOnAChatUpstreamGetsAnOpenAiError(String fields, String param, String message) throws Exception {
        AggregatedHttpResponse res = gateway.post("/v1/responses", "{\"model\": \"on-chat\", " + fields + "}");

        assertThat(res.status().code()).as(res.contentUtf8()).isEqualTo(400);
        JsonNode error = JSON.readTree(res.contentUtf8()).path("error");
        assertThat(error.path("param").asText()).isEqualTo(param);
        assertThat(error.path("message").asText()).contains(message);
        assertThat(chat.calls()).isEmpty();
    }

    @Test
    void aWholeNumberWrittenWithAFractionIsStillAnIntegerAndNullIsUnset() {
        chat.answer(call -> FakeUpstream.json(200, """
                {"id":"c1","object":"chat.completion","created":1,"model":"gpt-up","choices":[{"index":0,
                "message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],
                "usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}"""));

        AggregatedHttpResponse res = gateway.post("/v1/messages", """
                {"model": "on-chat", "max_tokens": 64.0, "temperature": null,
                 "messages": [{"role": "user", "content": "hi"}]}""");

        assertThat(res.status().code()).as(res.contentUtf8()).isEqualTo(200);
        JsonNode sent = chat.calls().getLast().json();
        assertThat(sent.path("max_tokens").isInt() || sent.path("max_completion_tokens").isInt()).as(sent.toString()).isTrue();
        assertThat(sent.has("temperature")).isFalse();
    }
}
