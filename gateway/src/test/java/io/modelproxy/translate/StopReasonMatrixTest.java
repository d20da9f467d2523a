package io.modelproxy.translate;

import io.modelproxy.dialect.Dialects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.api.Dialect;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every stop and finish reason, in every direction (TRANSLATION.md §2.3 with the §7 choices). */
class StopReasonMatrixTest {
    private static final UpstreamTarget TARGET = new UpstreamTarget("m", "u", 4096, null);

    private static ObjectNode translate(Dialect client, Dialect upstream, String body) throws TranslationException {
        return new Dialects(IdSource.sequential(0)).between(client, upstream).response((ObjectNode) Json.parse(body), TARGET);
    }

    private static String anthropic(String stopReason, boolean toolUse) {
        String tool = toolUse ? ",{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"f\",\"input\":{}}" : "";
        return "{\"type\":\"message\",\"content\":[{\"type\":\"text\",\"text\":\"x\"}" + tool + "],\"stop_reason\":"
                + (stopReason == null ? "null" : "\"" + stopReason + "\"") + ",\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}";
    }

    @ParameterizedTest(name = "Anthropic {0} -> Chat {2}, Responses {3} {4}")
    @CsvSource(nullValues = "null", value = {
            "end_turn, false, stop, completed, null",
            "stop_sequence, false, stop, completed, null",
            "tool_use, true, tool_calls, completed, null",
            "max_tokens, false, length, incomplete, max_output_tokens",
            "pause_turn, false, stop, completed, null",
            "refusal, false, content_filter, incomplete, content_filter",
            "model_context_window_exceeded, false, length, incomplete, max_output_tokens",
            "null, false, stop, completed, null",
            "end_turn, true, tool_calls, completed, null"})
    void fromAnthropic(String stop, boolean toolUse, String chat, String status, String incomplete) throws Exception {
        String body = anthropic(stop, toolUse);
        assertThat(translate(Dialect.OpenAIChat, Dialect.AnthropicMessages, body).at("/choices/0/finish_reason").asText()).isEqualTo(chat);
        JsonNode r = translate(Dialect.OpenAIResponses, Dialect.AnthropicMessages, body);
        assertThat(r.get("status").asText()).isEqualTo(status);
        assertThat(r.at("/incomplete_details/reason").asText(null)).isEqualTo(incomplete);
    }

    @ParameterizedTest(name = "Chat {0} -> Anthropic {2}, Responses {3} {4}")
    @CsvSource(nullValues = "null", value = {
            "stop, false, end_turn, completed, null",
            "stop, true, tool_use, completed, null",
            "length, false, max_tokens, incomplete, max_output_tokens",
            "tool_calls, true, tool_use, completed, null",
            "tool_calls, false, end_turn, completed, null",
            "function_call, true, tool_use, completed, null",
            "content_filter, false, refusal, incomplete, content_filter",
            "null, false, end_turn, completed, null"})
    void fromChat(String finish, boolean toolCall, String anthropic, String status, String incomplete) throws Exception {
        String calls = toolCall ? ",\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]" : "";
        String body = "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"x\"" + calls + "},\"finish_reason\":"
                + (finish == null ? "null" : "\"" + finish + "\"") + "}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1}}";
        assertThat(translate(Dialect.AnthropicMessages, Dialect.OpenAIChat, body).get("stop_reason").asText()).isEqualTo(anthropic);
        JsonNode r = translate(Dialect.OpenAIResponses, Dialect.OpenAIChat, body);
        assertThat(r.get("status").asText()).isEqualTo(status);
        assertThat(r.at("/incomplete_details/reason").asText(null)).isEqualTo(incomplete);
    }

    @ParameterizedTest(name = "Responses {0} {1} -> Anthropic {3}, Chat {4}")
    @CsvSource(nullValues = "null", value = {
            "completed, null, false, end_turn, stop",
            "completed, null, true, tool_use, tool_calls",
            "incomplete, max_output_tokens, false, max_tokens, length",
            "incomplete, content_filter, false, refusal, content_filter"})
    void fromResponses(String status, String reason, boolean call, String anthropic, String chat) throws Exception {
        String fc = call ? ",{\"type\":\"function_call\",\"id\":\"fc\",\"call_id\":\"c1\",\"name\":\"f\",\"arguments\":\"{}\"}" : "";
        String body = "{\"object\":\"response\",\"status\":\"" + status + "\",\"incomplete_details\":"
                + (reason == null ? "null" : "{\"reason\":\"" + reason + "\"}")
                + ",\"output\":[{\"type\":\"message\",\"content\":[{\"type\":\"output_text\",\"text\":\"x\"}]}" + fc + "],"
                + "\"usage\":{\"input_tokens\":1,\"output_tokens\":1,\"total_tokens\":2}}";
        assertThat(translate(Dialect.AnthropicMessages, Dialect.OpenAIResponses, body).get("stop_reason").asText()).isEqualTo(anthropic);
        assertThat(translate(Dialect.OpenAIChat, Dialect.OpenAIResponses, body).at("/choices/0/finish_reason").asText()).isEqualTo(chat);
    }

    @ParameterizedTest
    @CsvSource({"failed", "cancelled"})
    void aFailedResponseIsAnErrorNotAStop(String status) {
        String body = "{\"object\":\"response\",\"status\":\"" + status + "\",\"error\":{\"code\":\"server_error\",\"message\":\"boom\"},\"output\":[]}";
        assertThatThrownBy(() -> translate(Dialect.AnthropicMessages, Dialect.OpenAIResponses, body))
                .isInstanceOf(TranslationException.class)
                .satisfies(e -> assertThat(((TranslationException) e).error().status()).isEqualTo(500));
    }
}
