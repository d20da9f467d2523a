package io.modelproxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolUseBlock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseStreamEvent;
import io.modelproxy.api.Dialect;
import io.modelproxy.testing.FakeUpstream;
import io.modelproxy.testing.ManifestGateway;
import io.modelproxy.testing.FakeUpstream.Call;
import io.modelproxy.testing.ProviderChecks;
import io.modelproxy.testing.ToolRoundTrip;
import io.modelproxy.testing.WireAnswers;
import io.modelproxy.testing.WireAnswers.AnthropicUsage;
import io.modelproxy.testing.WireAnswers.ChatUsage;
import io.modelproxy.testing.WireAnswers.Reply;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tool-call enforcement: a request with tools goes out with the guidance and without streaming; a
 * reply without a tool call goes back with a correction until the model calls one (or says the
 * termination flag, which the client never sees), at most {@code maxRetries} times; a streaming
 * client gets the validated answer as its dialect's stream. The fake providers reply with text first
 * and call the tool once they read the correction, like a model that needed reminding.
 */
class ToolCallEnforcementTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DAYDREAM = "I think the weather in Paris is probably nice.";
    private static final String FLAG = "[[TASK_COMPLETE]]";

    @RegisterExtension
    @Order(1)
    static final FakeUpstream anthropic = new FakeUpstream();

    @RegisterExtension
    @Order(2)
    static final FakeUpstream chat = new FakeUpstream();

    @RegisterExtension
    @Order(3)
    static final ManifestGateway gateway = new ManifestGateway(() -> ManifestGateway.modelGateway("")
            + ManifestGateway.provider("anth", Dialect.AnthropicMessages, anthropic.baseUrl(), "sk-ant")
            + ManifestGateway.provider("chat", Dialect.OpenAIChat, chat.baseUrl(), "sk-chat")
            + ManifestGateway.modelWith("agent-claude", "toolCallEnforcement: {enabled: true, maxRetries: 2, terminationFlag: \"" + FLAG + "\"}",
                    "anth/claude-up")
            + ManifestGateway.modelWith("agent-gpt", """
                    toolCallEnforcement:
                      enabled: true
                      maxRetries: 1
                      terminationFlag: "<<DONE>>"
                      guidance: "Always act through tools; say <<DONE>> when finished."
                    """, "chat/gpt-up")
            + ManifestGateway.modelWith("lenient-claude", "toolCallEnforcement: {enabled: false, maxRetries: 2, terminationFlag: \"" + FLAG + "\"}",
                    "anth/claude-up"));

    static AnthropicClient anthropicSdk;
    static OpenAIClient openAiSdk;

    @BeforeAll
    static void start() {
        anthropicSdk = AnthropicOkHttpClient.builder().baseUrl(gateway.uri().toString()).apiKey(ManifestGateway.CLIENT_KEY).maxRetries(0).build();
        openAiSdk = OpenAIOkHttpClient.builder().baseUrl(gateway.uri() + "/v1").apiKey(ManifestGateway.CLIENT_KEY).maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        anthropicSdk.close();
        openAiSdk.close();
    }

    @BeforeEach
    void needsReminding() {
        anthropic.reset();
        chat.reset();
        anthropic.answer(call -> FakeUpstream.checked(call, ProviderChecks::anthropic, () -> {
            JsonNode req = call.json();
            Reply reply = corrected(lastText(req.path("messages")))
                    ? Reply.toolCall("toolu_01A09q90qw90lq917835lq9", ToolRoundTrip.TOOL, ToolRoundTrip.ARGUMENTS)
                    : Reply.text(DAYDREAM);
            AnthropicUsage usage = new AnthropicUsage(10, 0, 0, 3);
            return req.path("stream").asBoolean()
                    ? FakeUpstream.sse(WireAnswers.anthropicSse("claude-up", reply, usage))
                    : FakeUpstream.json(200, WireAnswers.anthropicJson("claude-up", reply, usage));
        }));
        chat.answer(call -> FakeUpstream.checked(call, ProviderChecks::chat, () -> {
            JsonNode req = call.json();
            Reply reply = corrected(lastText(req.path("messages")))
                    ? Reply.toolCall("call_Xc4Aiih37EUJvqjoZlu4Vdoi", ToolRoundTrip.TOOL, ToolRoundTrip.ARGUMENTS)
                    : Reply.text(DAYDREAM);
            return FakeUpstream.json(200, WireAnswers.chatJson("gpt-up", reply, new ChatUsage(10, 0, 3)));
        }));
    }

    @Test
    void aReplyWithoutAToolCallIsCorrectedUntilTheModelCallsOne() {
        Message message = anthropicSdk.messages().create(weatherQuestion("agent-claude").build());

        assertThat(message.model().asString()).isEqualTo("agent-claude");
        assertThat(message.stopReason()).contains(StopReason.TOOL_USE);
        ToolUseBlock use = message.content().stream().filter(b -> b.isToolUse()).findFirst().orElseThrow().asToolUse();
        assertThat(use.name()).isEqualTo(ToolRoundTrip.TOOL);

        List<Call> calls = anthropic.calls();
        assertThat(calls).hasSize(2);
        JsonNode first = calls.get(0).json();
        assertThat(first.path("stream").asBoolean()).isFalse();
        assertThat(first.path("system").toString()).as("the default guidance names the flag").contains("Be helpful.")
                .contains("calling one of the available tools").contains(FLAG);
        JsonNode retry = calls.get(1).json().path("messages");
        assertThat(retry).hasSize(3);
        assertThat(retry.get(1).path("role").asText()).isEqualTo("assistant");
        assertThat(retry.get(1).toString()).contains(DAYDREAM);
        assertThat(retry.get(2).path("role").asText()).isEqualTo("user");
        assertThat(retry.get(2).toString()).contains("did not call a tool").contains(FLAG);
    }

    @Test
    void aStreamingClientGetsTheValidatedAnswerAsAStream() {
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> events = anthropicSdk.messages().createStreaming(weatherQuestion("agent-claude").build())) {
            events.stream().forEach(accumulator::accumulate);
        }
        Message message = accumulator.message();

        assertThat(message.model().asString()).isEqualTo("agent-claude");
        assertThat(message.stopReason()).contains(StopReason.TOOL_USE);
        ToolUseBlock use = message.content().stream().filter(b -> b.isToolUse()).findFirst().orElseThrow().asToolUse();
        assertThat(use._input().convert(Map.class)).isEqualTo(Map.of("city", "Paris", "unit", "celsius"));
        assertThat(message.usage().inputTokens()).isEqualTo(10);
        assertThat(message.usage().outputTokens()).isEqualTo(3);
        assertThat(anthropic.calls()).hasSize(2).allSatisfy(c -> assertThat(c.json().path("stream").asBoolean()).isFalse());
    }

    @Test
    void aTranslatedRouteIsEnforcedForAStreamingChatClient() {
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        try (com.openai.core.http.StreamResponse<ChatCompletionChunk> chunks = openAiSdk.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("agent-claude").addUserMessage("What is the weather in Paris?")
                        .addFunctionTool(chatWeatherTool())
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            chunks.stream().forEach(accumulator::accumulate);
        }
        ChatCompletion completion = accumulator.chatCompletion();

        assertThat(completion.model()).isEqualTo("agent-claude");
        assertThat(completion.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        ChatCompletionMessageFunctionToolCall call = completion.choices().getFirst().message().toolCalls().orElseThrow()
                .getFirst().asFunction();
        assertThat(call.function().arguments()).isEqualTo(ToolRoundTrip.ARGUMENTS);
        assertThat(completion.usage().orElseThrow().promptTokens()).as("the usage chunk the client asked for").isEqualTo(10);
        assertThat(anthropic.calls()).hasSize(2);
        assertThat(anthropic.calls().get(1).json().path("messages").get(2).toString()).contains("did not call a tool");
    }

    @Test
    void aResponsesClientOnAChatRouteGetsTheModelsOwnGuidanceAndFlag() {
        ResponseAccumulator accumulator = ResponseAccumulator.create();
        try (com.openai.core.http.StreamResponse<ResponseStreamEvent> events = openAiSdk.responses().createStreaming(
                ResponseCreateParams.builder().model("agent-gpt").input("What is the weather in Paris?")
                        .addTool(FunctionTool.builder().name(ToolRoundTrip.TOOL).strict(false)
                                .parameters(FunctionTool.Parameters.builder()
                                        .putAdditionalProperty("type", JsonValue.from("object"))
                                        .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                                        .build())
                                .build())
                        .build())) {
            events.stream().forEach(accumulator::accumulate);
        }
        Response response = accumulator.response();

        assertThat(response.model().asString()).isEqualTo("agent-gpt");
        ResponseFunctionToolCall call = response.output().stream().flatMap(o -> o.functionCall().stream()).findFirst().orElseThrow();
        assertThat(call.name()).isEqualTo(ToolRoundTrip.TOOL);
        List<Call> calls = chat.calls();
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).json().path("stream").asBoolean()).isFalse();
        assertThat(calls.get(0).json().path("messages").get(0).path("content").asText())
                .isEqualTo("Always act through tools; say <<DONE>> when finished.");
        assertThat(calls.get(1).json().path("messages").toString()).contains("<<DONE>> only");
    }

    @Test
    void theTerminationFlagEndsTheTurnAndNeverReachesTheClient() throws Exception {
        anthropic.answer(call -> FakeUpstream.json(200, WireAnswers.anthropicJson("claude-up",
                Reply.text("The forecast is posted. " + FLAG), new AnthropicUsage(10, 0, 0, 3))));

        Message message = anthropicSdk.messages().create(weatherQuestion("agent-claude").build());
        assertThat(message.content()).hasSize(1);
        assertThat(message.content().getFirst().asText().text()).isEqualTo("The forecast is posted.");
        assertThat(message.stopReason()).contains(StopReason.END_TURN);

        AggregatedHttpResponse streamed = post("/v1/messages", anthropicBody("agent-claude", true), null);
        assertThat(streamed.contentType().is(MediaType.EVENT_STREAM)).isTrue();
        assertThat(streamed.contentUtf8()).contains("event: message_stop").doesNotContain(FLAG).contains("The forecast is posted.");
        assertThat(anthropic.calls()).as("no correction after the flag").hasSize(2);

        anthropic.answer(call -> FakeUpstream.json(200, WireAnswers.anthropicJson("claude-up", Reply.text(FLAG),
                new AnthropicUsage(10, 0, 0, 3))));
        JsonNode onlyFlag = JSON.readTree(post("/v1/messages", anthropicBody("agent-claude", false), null).contentUtf8());
        assertThat(onlyFlag.path("content")).as("no empty text block: Anthropic would refuse it when replayed").isEmpty();
        assertThat(onlyFlag.path("stop_reason").asText()).isEqualTo("end_turn");
    }

    @Test
    void aModelThatNeverCallsAToolIsRetriedMaxRetriesTimesThenAnswered() throws Exception {
        chat.answer(call -> FakeUpstream.json(200, WireAnswers.chatJson("gpt-up", Reply.text(DAYDREAM), new ChatUsage(10, 0, 3))));

        AggregatedHttpResponse res = post("/v1/chat/completions", "{\"model\":\"agent-gpt\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Weather?\"}],\"tools\":[" + chatToolJson() + "]}", null);

        assertThat(res.status().code()).isEqualTo(200);
        assertThat(res.headers().get("x-model-proxy-tool-retries")).isEqualTo("1");
        JsonNode completion = JSON.readTree(res.contentUtf8());
        assertThat(completion.path("model").asText()).isEqualTo("agent-gpt");
        assertThat(completion.path("choices").get(0).path("message").path("content").asText()).isEqualTo(DAYDREAM);
        assertThat(chat.calls()).as("the first try and maxRetries=1 correction").hasSize(2);
    }

    @Test
    void theHeaderSwitchesEnforcementPerRequest() throws Exception {
        AggregatedHttpResponse off = post("/v1/messages", anthropicBody("agent-claude", true), "off");
        assertThat(off.contentUtf8()).contains(DAYDREAM.substring(0, 5));
        assertThat(anthropic.calls()).hasSize(1);
        assertThat(anthropic.calls().getFirst().json().path("stream").asBoolean()).as("passed through as it came").isTrue();
        assertThat(anthropic.calls().getFirst().headers().contains("x-model-proxy-tool-enforcement")).isFalse();

        AggregatedHttpResponse on = post("/v1/messages", anthropicBody("lenient-claude", false), "ON");
        assertThat(JSON.readTree(on.contentUtf8()).path("stop_reason").asText()).isEqualTo("tool_use");
        assertThat(anthropic.calls()).hasSize(3);

        AggregatedHttpResponse bad = post("/v1/messages", anthropicBody("agent-claude", false), "sometimes");
        assertThat(bad.status().code()).isEqualTo(400);
        assertThat(JSON.readTree(bad.contentUtf8()).path("error").path("message").asText())
                .contains("x-model-proxy-tool-enforcement").contains("on or off");
    }

    @Test
    void aRequestWithoutToolsIsLeftAlone() {
        AggregatedHttpResponse res = post("/v1/messages", "{\"model\":\"agent-claude\",\"max_tokens\":64,\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", null);

        assertThat(res.contentUtf8()).contains("event: message_stop");
        assertThat(anthropic.calls()).hasSize(1);
        JsonNode sent = anthropic.calls().getFirst().json();
        assertThat(sent.path("stream").asBoolean()).isTrue();
        assertThat(sent.has("system")).isFalse();
    }

    @Test
    void anUpstreamErrorIsAnHttpErrorEvenForAStreamingClient() throws Exception {
        anthropic.answer(call -> FakeUpstream.json(400,
                "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"tools.0: bad schema\"}}"));

        AggregatedHttpResponse res = post("/v1/messages", anthropicBody("agent-claude", true), null);

        assertThat(res.status().code()).isEqualTo(400);
        assertThat(res.contentType().is(MediaType.JSON)).isTrue();
        assertThat(JSON.readTree(res.contentUtf8()).path("error").path("message").asText()).isEqualTo("tools.0: bad schema");
        assertThat(anthropic.calls()).hasSize(1);
    }

    private static boolean corrected(String lastUserText) {
        return lastUserText.contains("did not call a tool");
    }

    /** The text of the last message (string content or its text blocks). */
    private static String lastText(JsonNode messages) {
        JsonNode last = messages.get(messages.size() - 1);
        return last.path("content").isTextual() ? last.path("content").asText() : last.path("content").toString();
    }

    private static MessageCreateParams.Builder weatherQuestion(String model) {
        return MessageCreateParams.builder().model(model).maxTokens(500).system("Be helpful.")
                .addUserMessage("What is the weather in Paris?")
                .addTool(Tool.builder().name(ToolRoundTrip.TOOL).description("Current weather of a city")
                        .inputSchema(Tool.InputSchema.builder()
                                .properties(com.anthropic.core.JsonValue.from(Map.of("city", Map.of("type", "string"))))
                                .build())
                        .build());
    }

    private static FunctionDefinition chatWeatherTool() {
        return FunctionDefinition.builder().name(ToolRoundTrip.TOOL).description("Current weather of a city")
                .parameters(FunctionParameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                        .build())
                .build();
    }

    private static String chatToolJson() {
        return "{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\","
                + "\"properties\":{\"city\":{\"type\":\"string\"}}}}}";
    }

    private static String anthropicBody(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"max_tokens\":256,\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Weather in Paris?\"}],\"tools\":[{\"name\":\"get_weather\",\"input_schema\":{\"type\":\"object\","
                + "\"properties\":{\"city\":{\"type\":\"string\"}}}}]}";
    }

    private static AggregatedHttpResponse post(String path, String json, String enforcement) {
        RequestHeadersBuilder headers = RequestHeaders.builder(HttpMethod.POST, path).contentType(MediaType.JSON_UTF_8)
                .set(HttpHeaderNames.AUTHORIZATION, "Bearer " + ManifestGateway.CLIENT_KEY);
        if (enforcement != null) {
            headers.set("x-model-proxy-tool-enforcement", enforcement);
        }
        return gateway.http().execute(HttpRequest.of(headers.build(), HttpData.ofUtf8(json))).aggregate().join();
    }
}
