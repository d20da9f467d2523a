package io.modelproxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.completions.CompletionUsage;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.ResponseUsage;
import com.openai.models.responses.ResponseStatus;
import io.modelproxy.api.Dialect;
import io.modelproxy.testing.FakeUpstream;
import io.modelproxy.testing.ManifestGateway;
import io.modelproxy.testing.ProviderChecks;
import io.modelproxy.testing.ToolRoundTrip;
import io.modelproxy.testing.WireAnswers;
import io.modelproxy.testing.WireAnswers.AnthropicUsage;
import io.modelproxy.testing.WireAnswers.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The official OpenAI Java SDK, Chat Completions and Responses, against a model served by an
 * Anthropic Messages provider, through the real dialects: text and a tool-call round trip, whole
 * and streamed. The fake provider answers like the Anthropic API and refuses (400) what it would
 * refuse: a tool_use without its tool_result first thing in the next user turn, no max_tokens, ids
 * outside its pattern. Usage arrives in OpenAI's terms: Anthropic's 10 uncached + 90 cache reads +
 * 5 cache writes is a prompt of 105 with 90 cached.
 */
class OpenAiSdkAcrossDialectsTest {
    private static final String MODEL = "gpt-via-claude";

    @RegisterExtension
    @Order(1)
    static final FakeUpstream anthropic = new FakeUpstream();

    @RegisterExtension
    @Order(2)
    static final ManifestGateway gateway = new ManifestGateway(() -> ManifestGateway.modelGateway("")
            + ManifestGateway.provider("anth", Dialect.AnthropicMessages, anthropic.baseUrl(), "sk-ant-1")
            + ManifestGateway.model(MODEL, "anth", "claude-sonnet-4-5"));

    static OpenAIClient sdk;

    @BeforeAll
    static void start() {
        sdk = OpenAIOkHttpClient.builder().baseUrl(gateway.uri() + "/v1").apiKey(ManifestGateway.CLIENT_KEY).maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        sdk.close();
    }

    @BeforeEach
    void answerLikeAnthropic() {
        anthropic.answer(call -> FakeUpstream.checked(call, ProviderChecks::anthropic, () -> {
            JsonNode req = call.json();
            Reply reply = ToolRoundTrip.reply(ToolRoundTrip.seen(req.path("messages"), "type", "tool_result"),
                    req.path("tools").size() > 0, "toolu_01A09q90qw90lq917835lq9");
            AnthropicUsage usage = new AnthropicUsage(10, 90, 5, 7);
            return req.path("stream").asBoolean()
                    ? FakeUpstream.sse(WireAnswers.anthropicSse("claude-sonnet-4-5-20250929", reply, usage))
                    : FakeUpstream.json(200, WireAnswers.anthropicJson("claude-sonnet-4-5-20250929", reply, usage));
        }));
    }

    // ---------------------------------------------------------------- Chat Completions

    @Test
    void chatText() {
        ChatCompletion completion = sdk.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(MODEL).addSystemMessage("Be brief.").addUserMessage("Hello").maxCompletionTokens(300).build());

        assertThat(completion.model()).isEqualTo(MODEL);
        assertThat(completion.choices().getFirst().message().content()).contains(ToolRoundTrip.GREETING);
        assertThat(completion.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertChatUsage(completion.usage().orElseThrow());
        JsonNode sent = anthropic.calls().getLast().json();
        assertThat(anthropic.calls().getLast().path()).isEqualTo("/v1/messages");
        assertThat(sent.path("model").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(sent.path("system").toString()).contains("Be brief.");
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(300);
        assertThat(sent.path("stream").asBoolean()).isFalse();
    }

    @Test
    void streamedChatText() {
        ChatCompletion completion = streamChat(ChatCompletionCreateParams.builder().model(MODEL).addUserMessage("Hello")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build());

        assertThat(completion.model()).isEqualTo(MODEL);
        assertThat(completion.choices().getFirst().message().content()).contains(ToolRoundTrip.GREETING);
        assertThat(completion.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertChatUsage(completion.usage().orElseThrow());
        JsonNode sent = anthropic.calls().getLast().json();
        assertThat(sent.path("stream").asBoolean()).isTrue();
        assertThat(sent.path("max_tokens").asInt()).as("Anthropic requires max_tokens: the model's default").isEqualTo(4096);
        assertThat(sent.has("stream_options")).isFalse();
    }

    @Test
    void chatToolCallRoundTrip() {
        ChatCompletion first = sdk.chat().completions().create(chatWeatherQuestion().build());
        ChatCompletionMessageFunctionToolCall call = assertChatToolCall(first);

        ChatCompletion answer = sdk.chat().completions().create(chatWeatherQuestion()
                .addMessage(first.choices().getFirst().message())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id()).content(ToolRoundTrip.RESULT).build())
                .build());

        assertChatAnswer(answer);
        assertTranslatedHistory(call.id());
    }

    @Test
    void streamedChatToolCallRoundTrip() {
        ChatCompletionStreamOptions usage = ChatCompletionStreamOptions.builder().includeUsage(true).build();
        ChatCompletion first = streamChat(chatWeatherQuestion().streamOptions(usage).build());
        ChatCompletionMessageFunctionToolCall call = assertChatToolCall(first);

        ChatCompletion answer = streamChat(chatWeatherQuestion().streamOptions(usage)
                .addMessage(first.choices().getFirst().message())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id()).content(ToolRoundTrip.RESULT).build())
                .build());

        assertChatAnswer(answer);
        assertTranslatedHistory(call.id());
    }

    private static ChatCompletionCreateParams.Builder chatWeatherQuestion() {
        return ChatCompletionCreateParams.builder().model(MODEL).addUserMessage("What is the weather in Paris?")
                .addFunctionTool(FunctionDefinition.builder().name("get_weather").description("Current weather of a city")
                        .parameters(FunctionParameters.builder()
                                .putAdditionalProperty("type", JsonValue.from("object"))
                                .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"),
                                        "unit", Map.of("type", "string"))))
                                .putAdditionalProperty("required", JsonValue.from(List.of("city")))
                                .build())
                        .build());
    }

    private static ChatCompletionMessageFunctionToolCall assertChatToolCall(ChatCompletion completion) {
        assertThat(completion.model()).isEqualTo(MODEL);
        assertThat(completion.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        ChatCompletionMessageFunctionToolCall call = completion.choices().getFirst().message().toolCalls().orElseThrow()
                .getFirst().asFunction();
        assertThat(call.function().name()).isEqualTo("get_weather");
        assertThat(call.function().arguments()).isEqualTo(ToolRoundTrip.ARGUMENTS);
        assertThat(call.id()).isEqualTo("toolu_01A09q90qw90lq917835lq9");
        assertChatUsage(completion.usage().orElseThrow());
        JsonNode tool = anthropic.calls().getLast().json().path("tools").get(0);
        assertThat(tool.path("name").asText()).isEqualTo("get_weather");
        assertThat(tool.path("input_schema").path("properties").has("city")).isTrue();
        return call;
    }

    private static void assertChatAnswer(ChatCompletion answer) {
        assertThat(answer.model()).isEqualTo(MODEL);
        assertThat(answer.choices().getFirst().message().content()).contains(ToolRoundTrip.FINAL_TEXT);
        assertThat(answer.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertChatUsage(answer.usage().orElseThrow());
    }

    /** Anthropic input 10, cache read 90, cache creation 5, output 7, in Chat's terms. */
    private static void assertChatUsage(CompletionUsage usage) {
        assertThat(usage.promptTokens()).isEqualTo(105);
        assertThat(usage.promptTokensDetails().orElseThrow().cachedTokens()).contains(90L);
        assertThat(usage.completionTokens()).isEqualTo(7);
        assertThat(usage.totalTokens()).isEqualTo(112);
    }

    private static ChatCompletion streamChat(ChatCompletionCreateParams params) {
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> chunks = sdk.chat().completions().createStreaming(params)) {
            chunks.stream().forEach(chunk -> {
                assertThat(chunk.model()).isEqualTo(MODEL);
                accumulator.accumulate(chunk);
            });
        }
        return accumulator.chatCompletion();
    }

    // ---------------------------------------------------------------- Responses

    @Test
    void responsesText() {
        Response response = sdk.responses().create(ResponseCreateParams.builder().model(MODEL).instructions("Be brief.")
                .input("Hello").maxOutputTokens(300).build());

        assertThat(response.model().asString()).isEqualTo(MODEL);
        assertThat(response.status()).contains(ResponseStatus.COMPLETED);
        assertThat(outputText(response)).isEqualTo(ToolRoundTrip.GREETING);
        assertResponsesUsage(response.usage().orElseThrow());
        JsonNode sent = anthropic.calls().getLast().json();
        assertThat(sent.path("system").toString()).contains("Be brief.");
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(300);
    }

    @Test
    void streamedResponsesText() {
        Response response = streamResponses(ResponseCreateParams.builder().model(MODEL).input("Hello").build());

        assertThat(response.model().asString()).isEqualTo(MODEL);
        assertThat(response.status()).contains(ResponseStatus.COMPLETED);
        assertThat(outputText(response)).isEqualTo(ToolRoundTrip.GREETING);
        assertResponsesUsage(response.usage().orElseThrow());
        assertThat(anthropic.calls().getLast().json().path("stream").asBoolean()).isTrue();
    }

    @Test
    void responsesToolCallRoundTrip() {
        Response first = sdk.responses().create(responsesWeatherQuestion(List.of()));
        ResponseFunctionToolCall call = assertResponsesToolCall(first);

        Response answer = sdk.responses().create(responsesWeatherQuestion(List.of(ResponseInputItem.ofFunctionCall(call),
                ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                        .callId(call.callId()).output(ToolRoundTrip.RESULT).build()))));

        assertResponsesAnswer(answer);
        assertTranslatedHistory(call.callId());
    }

    @Test
    void streamedResponsesToolCallRoundTrip() {
        Response first = streamResponses(responsesWeatherQuestion(List.of()));
        ResponseFunctionToolCall call = assertResponsesToolCall(first);

        Response answer = streamResponses(responsesWeatherQuestion(List.of(ResponseInputItem.ofFunctionCall(call),
                ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                        .callId(call.callId()).output(ToolRoundTrip.RESULT).build()))));

        assertResponsesAnswer(answer);
        assertTranslatedHistory(call.callId());
    }

    private static ResponseCreateParams responsesWeatherQuestion(List<ResponseInputItem> after) {
        List<ResponseInputItem> input = new ArrayList<>();
        input.add(ResponseInputItem.ofMessage(ResponseInputItem.Message.builder().role(ResponseInputItem.Message.Role.USER)
                .addInputTextContent("What is the weather in Paris?").build()));
        input.addAll(after);
        return ResponseCreateParams.builder().model(MODEL).inputOfResponse(input)
                .addTool(FunctionTool.builder().name("get_weather").description("Current weather of a city").strict(false)
                        .parameters(FunctionTool.Parameters.builder()
                                .putAdditionalProperty("type", JsonValue.from("object"))
                                .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"),
                                        "unit", Map.of("type", "string"))))
                                .build())
                        .build())
                .build();
    }

    private static ResponseFunctionToolCall assertResponsesToolCall(Response response) {
        assertThat(response.model().asString()).isEqualTo(MODEL);
        assertThat(response.status()).contains(ResponseStatus.COMPLETED);
        ResponseFunctionToolCall call = response.output().stream().flatMap(o -> o.functionCall().stream()).findFirst().orElseThrow();
        assertThat(call.name()).isEqualTo("get_weather");
        assertThat(call.arguments()).isEqualTo(ToolRoundTrip.ARGUMENTS);
        assertThat(call.callId()).isEqualTo("toolu_01A09q90qw90lq917835lq9");
        assertResponsesUsage(response.usage().orElseThrow());
        return call;
    }

    private static void assertResponsesAnswer(Response answer) {
        assertThat(answer.model().asString()).isEqualTo(MODEL);
        assertThat(answer.status()).contains(ResponseStatus.COMPLETED);
        assertThat(outputText(answer)).isEqualTo(ToolRoundTrip.FINAL_TEXT);
        assertResponsesUsage(answer.usage().orElseThrow());
    }

    private static void assertResponsesUsage(ResponseUsage usage) {
        assertThat(usage.inputTokens()).isEqualTo(105);
        assertThat(usage.inputTokensDetails().cachedTokens()).isEqualTo(90);
        assertThat(usage.outputTokens()).isEqualTo(7);
        assertThat(usage.totalTokens()).isEqualTo(112);
    }

    private static String outputText(Response response) {
        StringBuilder text = new StringBuilder();
        response.output().forEach(o -> o.message().ifPresent(m -> m.content().forEach(c -> c.outputText().ifPresent(t -> text.append(t.text())))));
        return text.toString();
    }

    private static Response streamResponses(ResponseCreateParams params) {
        ResponseAccumulator accumulator = ResponseAccumulator.create();
        try (StreamResponse<ResponseStreamEvent> events = sdk.responses().createStreaming(params)) {
            events.stream().forEach(accumulator::accumulate);
        }
        return accumulator.response();
    }

    // ---------------------------------------------------------------- shared

    /** The Anthropic history after the call: tool_use in the assistant turn, its tool_result first in the next user turn. */
    private static void assertTranslatedHistory(String clientCallId) {
        JsonNode messages = anthropic.calls().getLast().json().path("messages");
        assertThat(messages).hasSize(3);
        JsonNode use = messages.get(1).path("content").get(0);
        assertThat(messages.get(1).path("role").asText()).isEqualTo("assistant");
        assertThat(use.path("type").asText()).isEqualTo("tool_use");
        assertThat(use.path("name").asText()).isEqualTo("get_weather");
        assertThat(use.path("input")).isEqualTo(ToolRoundTrip.arguments());
        JsonNode result = messages.get(2).path("content").get(0);
        assertThat(messages.get(2).path("role").asText()).isEqualTo("user");
        assertThat(result.path("type").asText()).isEqualTo("tool_result");
        assertThat(result.path("tool_use_id").asText()).isEqualTo(use.path("id").asText()).isEqualTo(clientCallId);
        assertThat(result.path("content").toString()).contains(ToolRoundTrip.RESULT);
    }
}
