package io.modelproxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import com.anthropic.models.messages.Usage;
import com.fasterxml.jackson.databind.JsonNode;
import io.modelproxy.api.Dialect;
import io.modelproxy.testing.FakeUpstream;
import io.modelproxy.testing.ManifestGateway;
import io.modelproxy.testing.ProviderChecks;
import io.modelproxy.testing.ToolRoundTrip;
import io.modelproxy.testing.WireAnswers;
import io.modelproxy.testing.WireAnswers.ChatUsage;
import io.modelproxy.testing.WireAnswers.Reply;
import io.modelproxy.testing.WireAnswers.ResponsesUsage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official Anthropic Java SDK against models served by OpenAI Chat Completions and OpenAI
 * Responses providers, through the real dialects: text and a tool-call round trip, whole and
 * streamed. The fake providers answer like the real APIs and refuse (400) any request the real API
 * would refuse, so the history the gateway translates back after a tool call must be valid for them.
 * Usage arrives in Anthropic's terms: OpenAI's prompt total of 100 with 80 cached is 20 uncached
 * input plus 80 cache reads.
 */
class AnthropicSdkAcrossDialectsTest {
    private static final String VIA_CHAT = "claude-via-chat";
    private static final String VIA_RESPONSES = "claude-via-responses";

    @RegisterExtension
    @Order(1)
    static final FakeUpstream chat = new FakeUpstream();

    @RegisterExtension
    @Order(2)
    static final FakeUpstream responses = new FakeUpstream();

    @RegisterExtension
    @Order(3)
    static final ManifestGateway gateway = new ManifestGateway(() -> ManifestGateway.modelGateway("")
            + ManifestGateway.provider("oa-chat", Dialect.OpenAIChat, chat.baseUrl(), "sk-chat-1")
            + ManifestGateway.provider("oa-resp", Dialect.OpenAIResponses, responses.baseUrl(), "sk-resp-1")
            + ManifestGateway.model(VIA_CHAT, "oa-chat", "gpt-5-nano") + ManifestGateway.model(VIA_RESPONSES, "oa-resp", "gpt-5-nano"));

    static AnthropicClient sdk;

    @BeforeAll
    static void start() {
        sdk = AnthropicOkHttpClient.builder().baseUrl(gateway.uri().toString()).apiKey(ManifestGateway.CLIENT_KEY).maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        sdk.close();
    }

    @BeforeEach
    void answerLikeOpenAi() {
        chat.answer(call -> FakeUpstream.checked(call, ProviderChecks::chat, () -> {
            JsonNode req = call.json();
            Reply reply = ToolRoundTrip.reply(ToolRoundTrip.seen(req.path("messages"), "role", "tool"), req.path("tools").size() > 0,
                    "call_8fxy20OEu9ulvvaa5b5CzVA4");
            ChatUsage usage = new ChatUsage(100, 80, 5);
            return req.path("stream").asBoolean()
                    ? FakeUpstream.sse(WireAnswers.chatSse("gpt-5-nano-2025-08-07", reply, usage,
                            req.path("stream_options").path("include_usage").asBoolean()))
                    : FakeUpstream.json(200, WireAnswers.chatJson("gpt-5-nano-2025-08-07", reply, usage));
        }));
        responses.answer(call -> FakeUpstream.checked(call, ProviderChecks::responses, () -> {
            JsonNode req = call.json();
            Reply reply = ToolRoundTrip.reply(ToolRoundTrip.seen(req.path("input"), "type", "function_call_output"),
                    req.path("tools").size() > 0, "call_8fxy20OEu9ulvvaa5b5CzVA4");
            ResponsesUsage usage = new ResponsesUsage(100, 80, 5);
            return req.path("stream").asBoolean()
                    ? FakeUpstream.sse(WireAnswers.responsesSse("gpt-5-nano-2025-08-07", reply, usage))
                    : FakeUpstream.json(200, WireAnswers.responsesJson("gpt-5-nano-2025-08-07", reply, usage));
        }));
    }

    @ParameterizedTest
    @ValueSource(strings = {VIA_CHAT, VIA_RESPONSES})
    void text(String model) {
        Message message = sdk.messages().create(MessageCreateParams.builder()
                .model(model).maxTokens(300).system("Be brief.").addUserMessage("Hello").build());

        assertThat(message.model().asString()).isEqualTo(model);
        assertThat(message.content()).hasSize(1);
        assertThat(message.content().getFirst().asText().text()).isEqualTo(ToolRoundTrip.GREETING);
        assertThat(message.stopReason()).contains(StopReason.END_TURN);
        assertUsage(message.usage());
        JsonNode sent = lastCall(model).json();
        assertThat(sent.path("model").asText()).isEqualTo("gpt-5-nano");
        assertThat(sent.path("stream").asBoolean()).isFalse();
        if (model.equals(VIA_CHAT)) {
            assertThat(sent.path("messages").get(0).path("role").asText()).isEqualTo("system");
            assertThat(sent.path("messages").get(0).path("content").toString()).contains("Be brief.");
            assertThat(sent.path("max_completion_tokens").asInt()).isEqualTo(300);
        } else {
            assertThat(sent.toString()).contains("Be brief.");
            assertThat(sent.path("max_output_tokens").asInt()).isEqualTo(300);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {VIA_CHAT, VIA_RESPONSES})
    void streamedText(String model) {
        Message message = stream(MessageCreateParams.builder().model(model).maxTokens(300).addUserMessage("Hello").build());

        assertThat(message.model().asString()).isEqualTo(model);
        assertThat(message.content()).hasSize(1);
        assertThat(message.content().getFirst().asText().text()).isEqualTo(ToolRoundTrip.GREETING);
        assertThat(message.stopReason()).contains(StopReason.END_TURN);
        assertUsage(message.usage());
        JsonNode sent = lastCall(model).json();
        assertThat(sent.path("stream").asBoolean()).isTrue();
        if (model.equals(VIA_CHAT)) {
            assertThat(sent.path("stream_options").path("include_usage").asBoolean()).as("usage asked for").isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {VIA_CHAT, VIA_RESPONSES})
    void toolCallRoundTrip(String model) {
        MessageCreateParams first = weatherQuestion(model).build();
        Message call = sdk.messages().create(first);
        ToolUseBlock use = assertToolUse(call, model);

        Message answer = sdk.messages().create(weatherQuestion(model).addMessage(call)
                .addUserMessageOfContentBlockParams(List.of(toolResult(use.id()))).build());

        assertFinalAnswer(answer, model);
        assertTranslatedHistory(model, use.id());
    }

    @ParameterizedTest
    @ValueSource(strings = {VIA_CHAT, VIA_RESPONSES})
    void streamedToolCallRoundTrip(String model) {
        Message call = stream(weatherQuestion(model).build());
        ToolUseBlock use = assertToolUse(call, model);

        Message answer = stream(weatherQuestion(model).addMessage(call)
                .addUserMessageOfContentBlockParams(List.of(toolResult(use.id()))).build());

        assertFinalAnswer(answer, model);
        assertTranslatedHistory(model, use.id());
    }

    private static MessageCreateParams.Builder weatherQuestion(String model) {
        return MessageCreateParams.builder().model(model).maxTokens(500).addUserMessage("What is the weather in Paris?")
                .addTool(Tool.builder().name("get_weather").description("Current weather of a city")
                        .inputSchema(Tool.InputSchema.builder()
                                .properties(JsonValue.from(Map.of("city", Map.of("type", "string"), "unit", Map.of("type", "string"))))
                                .required(List.of("city"))
                                .build())
                        .build());
    }

    private static ContentBlockParam toolResult(String toolUseId) {
        return ContentBlockParam.ofToolResult(ToolResultBlockParam.builder().toolUseId(toolUseId).content(ToolRoundTrip.RESULT).build());
    }

    private static ToolUseBlock assertToolUse(Message message, String model) {
        assertThat(message.model().asString()).isEqualTo(model);
        assertThat(message.stopReason()).contains(StopReason.TOOL_USE);
        ToolUseBlock use = message.content().stream().filter(b -> b.isToolUse()).findFirst().orElseThrow().asToolUse();
        assertThat(use.name()).isEqualTo("get_weather");
        assertThat(use.id()).matches("^[a-zA-Z0-9_-]+$");
        assertThat(use._input().convert(Map.class)).isEqualTo(Map.of("city", "Paris", "unit", "celsius"));
        assertUsage(message.usage());
        JsonNode tools = lastCall(model).json().path("tools");
        assertThat(tools).hasSize(1);
        JsonNode function = model.equals(VIA_CHAT) ? tools.get(0).path("function") : tools.get(0);
        assertThat(function.path("name").asText()).isEqualTo("get_weather");
        assertThat(function.path("parameters").path("properties").has("city")).isTrue();
        return use;
    }

    private static void assertFinalAnswer(Message answer, String model) {
        assertThat(answer.model().asString()).isEqualTo(model);
        assertThat(answer.stopReason()).contains(StopReason.END_TURN);
        assertThat(answer.content().getFirst().asText().text()).isEqualTo(ToolRoundTrip.FINAL_TEXT);
        assertUsage(answer.usage());
    }

    /** The history the provider got after the tool call: the call and its result, paired by id, in its own dialect. */
    private static void assertTranslatedHistory(String model, String clientToolUseId) {
        JsonNode sent = lastCall(model).json();
        if (model.equals(VIA_CHAT)) {
            JsonNode messages = sent.path("messages");
            assertThat(messages).hasSize(3);
            JsonNode assistant = messages.get(1);
            assertThat(assistant.path("role").asText()).isEqualTo("assistant");
            JsonNode toolCall = assistant.path("tool_calls").get(0);
            assertThat(toolCall.path("function").path("name").asText()).isEqualTo("get_weather");
            assertThat(toolCall.path("function").path("arguments").asText()).isEqualTo(ToolRoundTrip.ARGUMENTS);
            JsonNode result = messages.get(2);
            assertThat(result.path("role").asText()).isEqualTo("tool");
            assertThat(result.path("tool_call_id").asText()).isEqualTo(toolCall.path("id").asText()).isEqualTo(clientToolUseId);
            assertThat(result.path("content").toString()).contains(ToolRoundTrip.RESULT);
        } else {
            JsonNode input = sent.path("input");
            JsonNode call = input.get(1);
            assertThat(call.path("type").asText()).isEqualTo("function_call");
            assertThat(call.path("name").asText()).isEqualTo("get_weather");
            assertThat(call.path("arguments").asText()).isEqualTo(ToolRoundTrip.ARGUMENTS);
            JsonNode output = input.get(2);
            assertThat(output.path("type").asText()).isEqualTo("function_call_output");
            assertThat(output.path("call_id").asText()).isEqualTo(call.path("call_id").asText()).isEqualTo(clientToolUseId);
            assertThat(output.path("output").toString()).contains(ToolRoundTrip.RESULT);
        }
    }

    /** OpenAI prompt 100 (80 cached), completion 5, in Anthropic's terms. */
    private static void assertUsage(Usage usage) {
        assertThat(usage.inputTokens()).isEqualTo(20);
        assertThat(usage.cacheReadInputTokens()).contains(80L);
        assertThat(usage.cacheCreationInputTokens()).contains(0L);
        assertThat(usage.outputTokens()).isEqualTo(5);
    }

    private static Message stream(MessageCreateParams params) {
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> events = sdk.messages().createStreaming(params)) {
            events.stream().forEach(accumulator::accumulate);
        }
        return accumulator.message();
    }

    private static FakeUpstream.Call lastCall(String model) {
        return (model.equals(VIA_CHAT) ? chat : responses).calls().getLast();
    }
}
