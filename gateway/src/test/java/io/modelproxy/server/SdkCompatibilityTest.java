package io.modelproxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.models.Model;
import com.openai.models.responses.Response;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseStreamEvent;
import io.modelproxy.api.Dialect;
import io.modelproxy.testing.FakeUpstream;
import io.modelproxy.testing.FakeUpstream.Call;
import io.modelproxy.testing.Fixtures;
import io.modelproxy.testing.ManifestGateway;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The official OpenAI and Anthropic Java SDKs against the gateway, same dialect in and out: requests
 * reach the provider with only {@code model} changed and the provider's key, answers reach the SDK
 * with the logical model id, streamed or not, tool calls included.
 */
class SdkCompatibilityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OPENAI_KEY = "sk-openai-test-5f2b9e";
    private static final String ANTHROPIC_KEY = "sk-ant-test-91c3aa";

    @RegisterExtension
    @Order(1)
    static final FakeUpstream openai = new FakeUpstream();

    @RegisterExtension
    @Order(2)
    static final FakeUpstream anthropic = new FakeUpstream();

    @RegisterExtension
    @Order(3)
    static final ManifestGateway gateway = new ManifestGateway(() -> ManifestGateway.modelGateway("")
            + ManifestGateway.provider("oa-chat", Dialect.OpenAIChat, openai.baseUrl(), OPENAI_KEY)
            + ManifestGateway.provider("oa-resp", Dialect.OpenAIResponses, openai.baseUrl(), OPENAI_KEY)
            + ManifestGateway.provider("anth", Dialect.AnthropicMessages, anthropic.baseUrl(), ANTHROPIC_KEY)
            + ManifestGateway.modelWith("chatty", "aliases: [chat-alias]", "oa-chat/gpt-5-nano")
            + ManifestGateway.model("responder", "oa-resp", "gpt-5-nano")
            + ManifestGateway.model("claude-logical", "anth", "claude-sonnet-4-5"))
            .clientKey(ManifestGateway.CLIENT_KEY);

    static OpenAIClient openaiSdk;
    static AnthropicClient anthropicSdk;

    @BeforeAll
    static void start() {
        openai.answer(call -> switch (call.path()) {
            case "/v1/chat/completions" -> call.json().path("stream").asBoolean()
                    ? FakeUpstream.sse(Fixtures.text("chat-stream.sse"))
                    : FakeUpstream.json(200, Fixtures.recordedBody("chat-tools.json"));
            case "/v1/responses" -> call.json().path("stream").asBoolean()
                    ? FakeUpstream.sse(Fixtures.text("responses-stream.sse"))
                    : FakeUpstream.json(200, Fixtures.text(call.json().has("tools") ? "responses-tool-call.json" : "responses-basic.json"));
            default -> FakeUpstream.json(404, "{}");
        });
        anthropic.answer(call -> call.json().path("stream").asBoolean()
                ? FakeUpstream.sse(Fixtures.text("anthropic-stream.sse"))
                : FakeUpstream.json(200, Fixtures.text(call.json().has("tools") ? "anthropic-tool-use.json" : "anthropic-message.json")));
        openaiSdk = OpenAIOkHttpClient.builder().baseUrl(gateway.uri() + "/v1").apiKey(ManifestGateway.CLIENT_KEY)
                .maxRetries(0).build();
        anthropicSdk = AnthropicOkHttpClient.builder().baseUrl(gateway.uri().toString()).apiKey(ManifestGateway.CLIENT_KEY)
                .maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        openaiSdk.close();
        anthropicSdk.close();
    }

    @Test
    void chatCompletionWithToolCallCarriesTheLogicalModelAndReachesTheProviderWithItsKey() {
        ChatCompletion completion = openaiSdk.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("chatty")
                .addUserMessage("What is the weather like in Boston today?")
                .addFunctionTool(FunctionDefinition.builder()
                        .name("get_current_weather")
                        .description("Get the current weather in a given location")
                        .parameters(FunctionParameters.builder()
                                .putAdditionalProperty("type", JsonValue.from("object"))
                                .putAdditionalProperty("properties", JsonValue.from(Map.of("location", Map.of("type", "string"))))
                                .build())
                        .build())
                .putAdditionalBodyProperty("x_vendor_extension", JsonValue.from(Map.of("keep", true)))
                .build());

        assertThat(completion.model()).isEqualTo("chatty");
        assertThat(completion.choices().getFirst().message().toolCalls().orElseThrow().getFirst().asFunction().function().name())
                .isEqualTo("get_current_weather");
        Call call = openai.calls("/v1/chat/completions").getLast();
        assertThat(call.model()).isEqualTo("gpt-5-nano");
        assertThat(call.key()).isEqualTo(OPENAI_KEY);
        assertThat(call.json().path("x_vendor_extension").path("keep").asBoolean()).isTrue();
        assertThat(call.json().path("tools").get(0).path("function").path("name").asText()).isEqualTo("get_current_weather");
    }

    @Test
    void chatStreamCarriesTheLogicalModelInEveryChunk() throws Exception {
        List<ChatCompletionChunk> chunks;
        try (com.openai.core.http.StreamResponse<ChatCompletionChunk> stream = openaiSdk.chat().completions()
                .createStreaming(ChatCompletionCreateParams.builder().model("chatty").addUserMessage("Hello!").build())) {
            chunks = stream.stream().toList();
        }
        assertThat(chunks).isNotEmpty().allSatisfy(c -> assertThat(c.model()).isEqualTo("chatty"));
        String text = chunks.stream().flatMap(c -> c.choices().stream()).map(ch -> ch.delta().content().orElse(""))
                .collect(Collectors.joining());
        assertThat(text).isEqualTo(expectedChatStreamText());
        assertThat(openai.calls("/v1/chat/completions").getLast().json().path("stream").asBoolean()).isTrue();
    }

    @Test
    void aliasAnswersWithTheIdTheClientAskedFor() {
        ChatCompletion completion = openaiSdk.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("chat-alias").addUserMessage("hi").build());
        assertThat(completion.model()).isEqualTo("chat-alias");
        assertThat(openai.calls("/v1/chat/completions").getLast().model()).isEqualTo("gpt-5-nano");
    }

    @Test
    void responsesCarryTheLogicalModel() {
        Response response = openaiSdk.responses().create(ResponseCreateParams.builder().model("responder").input("hi").build());
        assertThat(response.model().asString()).isEqualTo("responder");
        assertThat(response.output().getFirst().message().orElseThrow().content().getFirst().outputText().orElseThrow().text())
                .isEqualTo("Hello there");
        Call call = openai.calls("/v1/responses").getLast();
        assertThat(call.model()).isEqualTo("gpt-5-nano");
        assertThat(call.key()).isEqualTo(OPENAI_KEY);
    }

    @Test
    void responsesFunctionCall() {
        Response response = openaiSdk.responses().create(ResponseCreateParams.builder().model("responder").input("Weather in Boston?")
                .addTool(FunctionTool.builder().name("get_current_weather").strict(true)
                        .parameters(FunctionTool.Parameters.builder()
                                .putAdditionalProperty("type", JsonValue.from("object"))
                                .putAdditionalProperty("properties", JsonValue.from(Map.of("location", Map.of("type", "string"))))
                                .build())
                        .build())
                .build());
        assertThat(response.model().asString()).isEqualTo("responder");
        ResponseFunctionToolCall call = response.output().getFirst().functionCall().orElseThrow();
        assertThat(call.name()).isEqualTo("get_current_weather");
        assertThat(call.arguments()).isEqualTo("{\"location\":\"Boston, MA\"}");
        assertThat(openai.calls("/v1/responses").getLast().json().path("tools").get(0).path("name").asText())
                .isEqualTo("get_current_weather");
    }

    @Test
    void responsesStreamCarriesTheLogicalModelInItsEnvelopes() {
        List<ResponseStreamEvent> events;
        try (com.openai.core.http.StreamResponse<ResponseStreamEvent> stream = openaiSdk.responses()
                .createStreaming(ResponseCreateParams.builder().model("responder").input("hi").build())) {
            events = stream.stream().toList();
        }
        assertThat(events.getFirst().created().orElseThrow().response().model().asString()).isEqualTo("responder");
        assertThat(events.getLast().completed().orElseThrow().response().model().asString()).isEqualTo("responder");
        String text = events.stream().flatMap(e -> e.outputTextDelta().stream()).map(d -> d.delta()).collect(Collectors.joining());
        assertThat(text).isEqualTo("Hello there");
    }

    @Test
    void anthropicMessageCarriesTheLogicalModelAndTheProviderKey() {
        Message message = anthropicSdk.messages().create(MessageCreateParams.builder()
                .model("claude-logical").maxTokens(256).addUserMessage("Hello").build());
        assertThat(message.model().asString()).isEqualTo("claude-logical");
        assertThat(message.content().getFirst().asText().text()).isEqualTo("Hello from Claude.");
        Call call = anthropic.calls("/v1/messages").getLast();
        assertThat(call.model()).isEqualTo("claude-sonnet-4-5");
        assertThat(call.headers().get("x-api-key")).isEqualTo(ANTHROPIC_KEY);
        assertThat(call.headers().get("anthropic-version")).isNotBlank();
        assertThat(call.headers().toString()).doesNotContain(ManifestGateway.CLIENT_KEY);
    }

    @Test
    void anthropicToolUse() {
        Message message = anthropicSdk.messages().create(MessageCreateParams.builder()
                .model("claude-logical").maxTokens(256).addUserMessage("Weather in Boston?")
                .addTool(Tool.builder().name("get_weather").description("Current weather")
                        .inputSchema(Tool.InputSchema.builder()
                                .properties(com.anthropic.core.JsonValue.from(Map.of("location", Map.of("type", "string"))))
                                .build())
                        .build())
                .build());
        assertThat(message.model().asString()).isEqualTo("claude-logical");
        assertThat(message.stopReason()).contains(StopReason.TOOL_USE);
        ContentBlock toolUse = message.content().get(1);
        assertThat(toolUse.asToolUse().name()).isEqualTo("get_weather");
        assertThat(anthropic.calls("/v1/messages").getLast().json().path("tools").get(0).path("name").asText())
                .isEqualTo("get_weather");
    }

    @Test
    void anthropicStreamCarriesTheLogicalModel() {
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = anthropicSdk.messages().createStreaming(MessageCreateParams.builder()
                .model("claude-logical").maxTokens(256).addUserMessage("Hello").build())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        Message message = accumulator.message();
        assertThat(message.model().asString()).isEqualTo("claude-logical");
        assertThat(message.content().getFirst().asText().text()).isEqualTo("Hello from Claude.");
        assertThat(message.stopReason()).contains(StopReason.END_TURN);
    }

    @Test
    void modelListNamesEveryModelAndAlias() {
        List<String> ids = openaiSdk.models().list().autoPager().stream().map(Model::id).toList();
        assertThat(ids).as("in the compiler's order, by name").containsExactly("chatty", "chat-alias", "claude-logical", "responder");
    }

    @Test
    void bodyGoesUpstreamByteForByteExceptTheModel() throws Exception {
        String body = "{ \"messages\" : [ {\"role\":\"user\", \"content\":\"h\\u00e9 \u4e16\"} ],\n"
                + "  \"model\" :  \"chatty\" , \"zz_unknown\": {\"nested\": [1, 2.50, null]}, \"temperature\":0.70 }";
        AggregatedHttpResponse res = gateway.post("/v1/chat/completions", body);
        assertThat(res.status().code()).isEqualTo(200);
        assertThat(res.headers().get("x-model-proxy-route")).isEqualTo("oa-chat/gpt-5-nano");
        assertThat(res.headers().get("x-model-proxy-attempts")).isEqualTo("1");
        JsonNode answer = JSON.readTree(res.contentUtf8());
        assertThat(answer.path("model").asText()).isEqualTo("chatty");
        assertThat(openai.calls("/v1/chat/completions").getLast().body())
                .isEqualTo(body.replace("\"chatty\"", "\"gpt-5-nano\""));
    }

    private static String expectedChatStreamText() throws Exception {
        StringBuilder text = new StringBuilder();
        for (String line : Fixtures.text("chat-stream.sse").split("\n")) {
            if (line.startsWith("data: {")) {
                JsonNode chunk = JSON.readTree(line.substring(6));
                for (JsonNode choice : chunk.path("choices")) {
                    text.append(choice.path("delta").path("content").asText(""));
                }
            }
        }
        return text.toString();
    }
}
