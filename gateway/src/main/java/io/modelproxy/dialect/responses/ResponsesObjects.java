package io.modelproxy.dialect.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.modelproxy.dialect.openai.OpenAiErrors;
import io.modelproxy.translate.ApiError;
import io.modelproxy.translate.TranslationState;
import io.modelproxy.translate.Json;
import io.modelproxy.translate.StopReason;
import io.modelproxy.translate.ToolDefinition;
import io.modelproxy.translate.Usage;

/** The Responses objects a client sees, shared by the response and the stream encoder (TRANSLATION.md §2). */
final class ResponsesObjects {
    private ResponsesObjects() {}

    /**
     * A response object: envelope, status, output, usage and the request fields the client sent
     * (defaults where it sent none), as OpenAI echoes them.
     */
    static ObjectNode response(String id, TranslationState x, String model, String status, ObjectNode incomplete,
            ObjectNode error, ArrayNode output, Usage usage) {
        ObjectNode echo = x.responsesEcho();
        ObjectNode r = Json.object()
                .put("id", id)
                .put("object", "response")
                .put("created_at", x.ids().epochSeconds())
                .put("status", status);
        r.set("error", error);
        r.set("incomplete_details", incomplete);
        r.set("instructions", echo.get("instructions"));
        r.set("max_output_tokens", echo.get("max_output_tokens"));
        r.put("model", model);
        r.set("output", output);
        r.set("parallel_tool_calls", echo.has("parallel_tool_calls") ? echo.get("parallel_tool_calls") : Json.object().booleanNode(true));
        r.putNull("previous_response_id");
        r.set("reasoning", echo.has("reasoning") ? echo.get("reasoning") : Json.object().putNull("effort").putNull("summary"));
        r.set("store", echo.has("store") ? echo.get("store") : Json.object().booleanNode(false));
        r.set("temperature", echo.has("temperature") ? echo.get("temperature") : Json.object().numberNode(1.0));
        r.set("text", echo.has("text") ? echo.get("text") : defaultText());
        r.set("tool_choice", echo.has("tool_choice") ? echo.get("tool_choice") : TextNode.valueOf("auto"));
        r.set("tools", echo.has("tools") ? echo.get("tools") : Json.array());
        r.set("top_p", echo.has("top_p") ? echo.get("top_p") : Json.object().numberNode(1.0));
        r.set("truncation", echo.has("truncation") ? echo.get("truncation") : TextNode.valueOf("disabled"));
        r.set("usage", usage == null ? null : usage(usage));
        r.set("user", echo.get("user"));
        r.set("metadata", echo.has("metadata") ? echo.get("metadata") : Json.object());
        return r;
    }

    private static JsonNode defaultText() {
        ObjectNode text = Json.object();
        text.putObject("format").put("type", "text");
        return text;
    }

    /** Status for a stop reason (§2.3 and §7): cut short by length or a refusal is "incomplete". */
    static String status(StopReason reason) {
        return incompleteReason(reason) == null ? "completed" : "incomplete";
    }

    static ObjectNode incompleteDetails(StopReason reason) {
        String why = incompleteReason(reason);
        return why == null ? null : Json.object().put("reason", why);
    }

    private static String incompleteReason(StopReason reason) {
        return switch (reason) {
            case MAX_TOKENS, CONTEXT_WINDOW_EXCEEDED -> "max_output_tokens";
            case REFUSAL -> "content_filter";
            default -> null;
        };
    }

    static ObjectNode usage(Usage u) {
        ObjectNode out = Json.object().put("input_tokens", u.promptTotal());
        out.putObject("input_tokens_details").put("cached_tokens", u.cacheRead());
        out.put("output_tokens", u.output());
        out.putObject("output_tokens_details").put("reasoning_tokens", u.reasoning() == null ? 0 : u.reasoning());
        out.put("total_tokens", u.total());
        return out;
    }

    /** The error of a failed response; codes Codex knows where the status tells (§3.5). */
    static ObjectNode error(ApiError e) {
        String code = e.code();
        if (code == null) {
            code = switch (e.status()) {
                case 429 -> "rate_limit_exceeded";
                case 400, 413 -> "invalid_prompt";
                default -> e.status() >= 500 ? "server_error" : OpenAiErrors.type(e);
            };
        }
        return Json.object().put("code", code).put("message", e.message());
    }

    static ObjectNode message(String id, String status, String text) {
        ObjectNode item = Json.object().put("id", id).put("type", "message").put("status", status);
        ArrayNode content = item.putArray("content");
        if (text != null) {
            content.add(outputText(text));
        }
        item.put("role", "assistant");
        return item;
    }

    static ObjectNode outputText(String text) {
        ObjectNode part = Json.object().put("type", "output_text");
        part.putArray("annotations");
        part.putArray("logprobs");
        return part.put("text", text);
    }

    static ObjectNode functionCall(String id, String status, String callId, String name, String arguments) {
        return Json.object().put("id", id).put("type", "function_call").put("status", status)
                .put("arguments", arguments).put("call_id", callId).put("name", name);
    }

    static ObjectNode customToolCall(String id, String status, String callId, String name, String input) {
        return Json.object().put("id", id).put("type", "custom_tool_call").put("status", status)
                .put("call_id", callId).put("input", input).put("name", name);
    }

    /** The free text of a custom tool call, from the one-argument function the upstream called. */
    static String freeformInput(String arguments) {
        JsonNode input = Json.argumentsObject(arguments).get(ToolDefinition.FREEFORM_ARGUMENT);
        return input == null ? "" : input.isTextual() ? input.asText() : Json.write(input);
    }

    static ObjectNode reasoning(String id, String summary, String encryptedContent) {
        ObjectNode item = Json.object().put("id", id).put("type", "reasoning");
        ArrayNode parts = item.putArray("summary");
        if (summary != null && !summary.isEmpty()) {
            parts.addObject().put("type", "summary_text").put("text", summary);
        }
        if (encryptedContent != null) {
            item.put("encrypted_content", encryptedContent);
        }
        return item;
    }
}
