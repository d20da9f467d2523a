package io.modelproxy.mock;

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
import com.anthropic.models.messages.ToolChoiceAny;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseStreamEvent;
import io.modelproxy.server.GatewayServer;
import io.modelproxy.testing.StandaloneGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Mock provider through the official SDKs, in the wire formats of Claude Code (Anthropic Messages,
 * streamed, with tools) and Codex (OpenAI Responses, streamed) and of plain OpenAI Chat clients: no
 * upstream and no key anywhere, usage in every answer.
 */
class MockProviderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static GatewayServer server;
    static AnthropicClient anthropic;
    static OpenAIClient openai;

    @BeforeAll
    static void start() throws Exception {
        Files.writeString(dir.resolve("mock.yaml"), """
                apiVersion: modelproxy.io/v1alpha1
                kind: Provider
                metadata: {name: echo}
                spec:
                  protocol: Mock
                  mock: {chunkChars: 3}
                ---
                apiVersion: modelproxy.io/v1alpha1
                kind: Provider
                metadata: {name: fixed}
                spec:
                  protocol: Mock
                  mock: {reply: "All systems nominal.", latencyMillis: 20}
                ---
                apiVersion: modelproxy.io/v1alpha1
                kind: LogicalModel
                metadata: {name: echo}
                spec:
                  routes:
                    - {provider: echo, model: echo-1}
                ---
                apiVersion: modelproxy.io/v1alpha1
                kind: LogicalModel
                metadata: {name: fixed}
                spec:
                  routes:
                    - {provider: fixed, model: fixed-1}
                """);
        server = StandaloneGateway.start(dir);
        anthropic = AnthropicOkHttpClient.builder().baseUrl(server.uri().toString()).apiKey("unused").maxRetries(0).build();
        openai = OpenAIOkHttpClient.builder().baseUrl(server.uri() + "/v1").apiKey("unused").maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        anthropic.close();
        openai.close();
        server.close();
    }

    // ---------------------------------------------------------------- Claude Code: Anthropic Messages, streamed

    @Test
    void anthropicStreamEchoesTheLastUserMessageWithUsage() {
        Message message = stream(MessageCreateParams.builder().model("echo").maxTokens(100).system("Be brief.")
                .addUserMessage("first").addAssistantMessage("ok").addUserMessage("Hello, mock!").build());

        assertThat(message.model().asString()).isEqualTo("echo");
        assertThat(message.content()).hasSize(1);
        assertThat(message.content().getFirst().asText().text()).isEqualTo("Hello, mock!");
        assertThat(message.stopReason()).contains(StopReason.END_TURN);
        assertThat(message.usage().inputTokens()).isPositive();
        assertThat(message.usage().outputTokens()).isEqualTo(3); // 12 characters at 4 per token
    }

    @Test
    void anthropicToolRoundTripForcedByToolChoice() {
        MessageCreateParams.Builder question = weatherQuestion().toolChoice(ToolChoiceAny.builder().build());
        Message call = stream(question.build());
        assertThat(call.stopReason()).contains(StopReason.TOOL_USE);
        ToolUseBlock use = call.content().stream().flatMap(b -> b.toolUse().stream()).findFirst().orElseThrow();
        assertThat(use.name()).isEqualTo("get_weather");
        assertThat(use._input().convert(Map.class)).isEqualTo(Map.of("city", "mock"));

        // the turn after the tool result answers in text (tool_choice auto), so an agent loop ends
        Message answer = stream(weatherQuestion().addMessage(call).addUserMessageOfContentBlockParams(List.of(
                ContentBlockParam.ofToolResult(ToolResultBlockParam.builder().toolUseId(use.id()).content("18 C, sunny").build())))
                .build());
        assertThat(answer.stopReason()).contains(StopReason.END_TURN);
        assertThat(answer.content().getFirst().asText().text()).isEqualTo("18 C, sunny");
    }

    @Test
    void anthropicWholeAnswerWithTheFixedReply() {
        Message message = anthropic.messages().create(MessageCreateParams.builder().model("fixed").maxTokens(100)
                .addUserMessage("status?").build());

        assertThat(message.content().getFirst().asText().text()).isEqualTo("All systems nominal.");
        assertThat(message.model().asString()).isEqualTo("fixed");
        assertThat(message.usage().outputTokens()).isEqualTo(5);
    }

    // ---------------------------------------------------------------- Codex: OpenAI Responses, streamed

    @Test
    void responsesStreamEchoes() {
        Response response = streamResponses(ResponseCreateParams.builder().model("echo").instructions("Be brief.")
                .input("ping from codex").build());

        assertThat(response.model().asString()).isEqualTo("echo");
        assertThat(response.status()).contains(ResponseStatus.COMPLETED);
        assertThat(outputText(response)).isEqualTo("ping from codex");
        assertThat(response.usage().orElseThrow().outputTokens()).isEqualTo(4);
    }

    @Test
    void responsesStreamCallsTheToolTheUserNames() {
        Response response = streamResponses(ResponseCreateParams.builder().model("echo")
                .input("please run shell to list files")
                .addTool(FunctionTool.builder().name("shell").strict(false)
                        .parameters(FunctionTool.Parameters.builder()
                                .putAdditionalProperty("type", com.openai.core.JsonValue.from("object"))
                                .putAdditionalProperty("properties", com.openai.core.JsonValue.from(Map.of(
                                        "command", Map.of("type", "array", "items", Map.of("type", "string")),
                                        "timeout", Map.of("type", "integer"))))
                                .putAdditionalProperty("required", com.openai.core.JsonValue.from(List.of("command", "timeout")))
                                .build())
                        .build())
                .build());

        ResponseFunctionToolCall call = response.output().stream().flatMap(o -> o.functionCall().stream()).findFirst().orElseThrow();
        assertThat(call.name()).isEqualTo("shell");
        assertThat(call.arguments()).isEqualTo("{\"command\":[],\"timeout\":0}");
    }

    // ---------------------------------------------------------------- OpenAI Chat

    @Test
    void chatWholeAndStreamedWithUsageAndChunks() {
        ChatCompletion whole = openai.chat().completions().create(ChatCompletionCreateParams.builder().model("fixed")
                .addUserMessage("status?").build());
        assertThat(whole.model()).isEqualTo("fixed");
        assertThat(whole.choices().getFirst().message().content()).contains("All systems nominal.");
        assertThat(whole.usage().orElseThrow().completionTokens()).isEqualTo(5);

        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        List<String> deltas = new ArrayList<>();
        try (var chunks = openai.chat().completions().createStreaming(ChatCompletionCreateParams.builder().model("echo")
                .addUserMessage("abcdefgh").streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build())) {
            chunks.stream().forEach(chunk -> {
                accumulator.accumulate(chunk);
                chunk.choices().forEach(c -> c.delta().content().filter(t -> !t.isEmpty()).ifPresent(deltas::add));
            });
        }
        ChatCompletion streamed = accumulator.chatCompletion();
        assertThat(streamed.choices().getFirst().message().content()).contains("abcdefgh");
        assertThat(deltas).containsExactly("abc", "def", "gh"); // chunkChars: 3
        assertThat(streamed.usage().orElseThrow().completionTokens()).isEqualTo(2);
    }

    @Test
    void anAnswerLongerThanTheOutputCapIsCutThere() {
        ChatCompletion cut = openai.chat().completions().create(ChatCompletionCreateParams.builder().model("echo")
                .addUserMessage("abcdefghijkl").maxCompletionTokens(2).build());
        assertThat(cut.choices().getFirst().message().content()).contains("abcdefgh");
        assertThat(cut.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.LENGTH);

        Message message = stream(MessageCreateParams.builder().model("fixed").maxTokens(1).addUserMessage("status?").build());
        assertThat(message.content().getFirst().asText().text()).isEqualTo("All ");
        assertThat(message.stopReason()).contains(StopReason.MAX_TOKENS);
    }

    @Test
    void healthShowsTheMockProvider() throws Exception {
        AggregatedHttpResponse health = WebClient.of(server.uri()).get("/health/detailed").aggregate().join();
        JsonNode providers = JSON.readTree(health.contentUtf8()).path("providers");
        assertThat(providers.findValuesAsText("protocol")).containsOnly("Mock");
    }

    private static MessageCreateParams.Builder weatherQuestion() {
        return MessageCreateParams.builder().model("echo").maxTokens(500).addUserMessage("What is the weather in Paris?")
                .addTool(Tool.builder().name("get_weather").description("Current weather of a city")
                        .inputSchema(Tool.InputSchema.builder()
                                .properties(JsonValue.from(Map.of("city", Map.of("type", "string"), "unit", Map.of("type", "string"))))
                                .required(List.of("city"))
                                .build())
                        .build());
    }

    private static Message stream(MessageCreateParams params) {
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> events = anthropic.messages().createStreaming(params)) {
            events.stream().forEach(accumulator::accumulate);
        }
        return accumulator.message();
    }

    private static Response streamResponses(ResponseCreateParams params) {
        ResponseAccumulator accumulator = ResponseAccumulator.create();
        try (com.openai.core.http.StreamResponse<ResponseStreamEvent> events = openai.responses().createStreaming(params)) {
            events.stream().forEach(accumulator::accumulate);
        }
        return accumulator.response();
    }

    private static String outputText(Response response) {
        StringBuilder text = new StringBuilder();
        response.output().forEach(o -> o.message().ifPresent(m -> m.content().forEach(c -> c.outputText().ifPresent(t -> text.append(t.text())))));
        return text.toString();
    }
}
