package io.modelproxy.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a real provider checks before it answers (TRANSLATION.md §0), as assertions: a fake provider
 * calls these on every request it receives, so a translation that would earn a 400 from the real API
 * fails the test instead.
 */
public final class ProviderChecks {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ANTHROPIC_ID = Pattern.compile("^[a-zA-Z0-9_-]+$");
    private static final Pattern OPENAI_NAME = Pattern.compile("^[a-zA-Z0-9_-]{1,64}$");
    private static final Set<String> CHAT_ROLES = Set.of("system", "developer", "user", "assistant", "tool");

    private ProviderChecks() {}

    /** OpenAI Chat Completions: roles, tool calls answered by tool messages right after them, tool shapes. */
    public static void chat(JsonNode body) {
        assertThat(body.path("model").isTextual()).as("model").isTrue();
        JsonNode messages = body.path("messages");
        assertThat(messages.isArray() && !messages.isEmpty()).as("messages is a non-empty array").isTrue();
        Set<String> unanswered = new HashSet<>();
        Set<String> answerable = new HashSet<>();
        for (JsonNode m : messages) {
            String role = m.path("role").asText();
            assertThat(CHAT_ROLES).as("message role").contains(role);
            if (!"tool".equals(role)) {
                assertThat(unanswered).as("tool calls answered by tool messages right after the assistant message").isEmpty();
                answerable.clear();
            }
            switch (role) {
                case "assistant" -> {
                    boolean hasCalls = m.path("tool_calls").isArray() && !m.path("tool_calls").isEmpty();
                    assertThat(hasCalls || m.path("content").isTextual() || m.path("content").isArray())
                            .as("an assistant message has content or tool calls: " + m).isTrue();
                    for (JsonNode call : m.path("tool_calls")) {
                        assertThat(call.path("type").asText()).isEqualTo("function");
                        assertThat(call.path("id").asText()).isNotBlank();
                        assertThat(call.path("function").path("name").asText()).matches(OPENAI_NAME);
                        assertThat(call.path("function").path("arguments").isTextual()).as("arguments are JSON text").isTrue();
                        json(call.path("function").path("arguments").asText());
                        unanswered.add(call.path("id").asText());
                        answerable.add(call.path("id").asText());
                    }
                }
                case "tool" -> {
                    String id = m.path("tool_call_id").asText();
                    assertThat(answerable).as("a tool message answers a call of the assistant message before it").contains(id);
                    unanswered.remove(id);
                    assertThat(m.path("content").isTextual() || m.path("content").isArray()).as("tool content").isTrue();
                }
                default -> assertThat(m.has("content")).as(role + " message has content").isTrue();
            }
        }
        assertThat(unanswered).as("every tool call is answered").isEmpty();
        for (JsonNode tool : body.path("tools")) {
            assertThat(tool.path("type").asText()).isEqualTo("function");
            assertThat(tool.path("function").path("name").asText()).matches(OPENAI_NAME);
            assertThat(tool.path("function").path("parameters").isObject()).as("function parameters").isTrue();
        }
        if (body.has("stream_options")) {
            assertThat(body.path("stream").asBoolean()).as("stream_options only on a streaming request").isTrue();
        }
        assertThat(body.has("max_tokens") && body.has("max_completion_tokens")).as("one output cap").isFalse();
    }

    /** Anthropic Messages: max_tokens, user/assistant turns, each tool_use answered first thing in the next user turn. */
    public static void anthropic(JsonNode body) {
        assertThat(body.path("model").isTextual()).as("model").isTrue();
        assertThat(body.path("max_tokens").isIntegralNumber() && body.path("max_tokens").asInt() > 0).as("max_tokens").isTrue();
        assertThat(body.has("temperature") && body.has("top_p")).as("temperature and top_p together").isFalse();
        JsonNode messages = body.path("messages");
        assertThat(messages.isArray() && !messages.isEmpty()).as("messages is a non-empty array").isTrue();
        Set<String> pending = Set.of();
        for (JsonNode m : messages) {
            String role = m.path("role").asText();
            assertThat(role).as("message role").isIn("user", "assistant");
            Set<String> answered = new HashSet<>();
            boolean pastResults = false;
            Set<String> calls = new HashSet<>();
            JsonNode content = m.path("content");
            if (content.isTextual()) {
                assertThat(content.asText()).as("text content").isNotEmpty();
            }
            for (JsonNode block : content.isArray() ? content : JSON.createArrayNode()) {
                String type = block.path("type").asText();
                switch (type) {
                    case "text" -> {
                        assertThat(block.path("text").asText()).as("text blocks must be non-empty").isNotEmpty();
                        pastResults = true;
                    }
                    case "tool_use" -> {
                        assertThat(role).as("tool_use in an assistant turn").isEqualTo("assistant");
                        assertThat(block.path("id").asText()).matches(ANTHROPIC_ID);
                        assertThat(block.path("name").asText()).isNotBlank();
                        assertThat(block.path("input").isObject()).as("tool_use input").isTrue();
                        calls.add(block.path("id").asText());
                    }
                    case "tool_result" -> {
                        assertThat(role).as("tool_result in a user turn").isEqualTo("user");
                        assertThat(pastResults).as("tool_result blocks come first in their message").isFalse();
                        assertThat(pending).as("a tool_result answers a tool_use of the turn before").contains(block.path("tool_use_id").asText());
                        answered.add(block.path("tool_use_id").asText());
                    }
                    default -> pastResults = true;
                }
            }
            assertThat(answered).as("tool_use ids were found without tool_result blocks immediately after").containsAll(pending);
            pending = calls;
        }
        assertThat(pending).as("the conversation does not end on unanswered tool_use").isEmpty();
        for (JsonNode tool : body.path("tools")) {
            assertThat(tool.path("name").asText()).isNotBlank();
            assertThat(tool.path("input_schema").isObject()).as("input_schema").isTrue();
        }
    }

    /** OpenAI Responses: input items, function_call_output after its function_call, flat function tools. */
    public static void responses(JsonNode body) {
        assertThat(body.path("model").isTextual()).as("model").isTrue();
        JsonNode input = body.path("input");
        assertThat(input.isTextual() || input.isArray()).as("input is a string or items").isTrue();
        Set<String> calls = new HashSet<>();
        for (JsonNode item : input.isArray() ? input : JSON.createArrayNode()) {
            String type = item.path("type").asText("message");
            switch (type) {
                case "message" -> {
                    String role = item.path("role").asText();
                    assertThat(role).isIn("user", "assistant", "system", "developer");
                    for (JsonNode part : item.path("content")) {
                        assertThat(part.path("type").asText()).as(role + " content part").isIn("assistant".equals(role)
                                ? new String[] {"output_text", "refusal"} : new String[] {"input_text", "input_image", "input_file"});
                    }
                }
                case "function_call" -> {
                    assertThat(item.path("call_id").asText()).hasSizeBetween(1, 64);
                    assertThat(item.path("name").asText()).matches(OPENAI_NAME);
                    json(item.path("arguments").asText());
                    calls.add(item.path("call_id").asText());
                }
                case "function_call_output" -> {
                    assertThat(calls).as("function_call_output answers an earlier function_call").contains(item.path("call_id").asText());
                    assertThat(item.has("output")).isTrue();
                }
                default -> assertThat(type).as("input item type").isIn("reasoning");
            }
        }
        for (JsonNode tool : body.path("tools")) {
            assertThat(tool.path("type").asText()).isEqualTo("function");
            assertThat(tool.path("name").asText()).matches(OPENAI_NAME);
            assertThat(tool.path("parameters").isObject()).as("parameters").isTrue();
        }
    }

    private static void json(String text) {
        try {
            JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }
}
