package io.modelproxy.dialect.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.translate.ComposedCodec;
import io.modelproxy.translate.ApiError;
import io.modelproxy.translate.TranslationState;
import io.modelproxy.translate.Json;
import io.modelproxy.translate.Message;
import io.modelproxy.translate.ModelRequest;
import io.modelproxy.translate.OutputFormat;
import io.modelproxy.translate.Part;
import io.modelproxy.translate.Reasoning;
import io.modelproxy.translate.RequestFields;
import io.modelproxy.translate.Role;
import io.modelproxy.translate.ThinkingSignature;
import io.modelproxy.translate.ToolChoice;
import io.modelproxy.translate.ToolDefinition;
import io.modelproxy.translate.TranslationException;
import java.util.ArrayList;
import java.util.List;

/** Anthropic Messages requests read from a client into the neutral model (TRANSLATION.md §1). */
final class AnthropicRequestDecoder implements ComposedCodec.RequestDecoder {
    @Override
    public ModelRequest decode(ObjectNode body, TranslationState exchange) throws TranslationException {
        ModelRequest.Builder b = ModelRequest.builder()
                .system(system(body.get("system")))
                .messages(messages(body))
                .tools(tools(body))
                .maxTokens(RequestFields.integerAtLeast(body, "max_tokens", 1))
                .temperature(RequestFields.number(body, "temperature"))
                .topP(RequestFields.number(body, "top_p"))
                .topK(RequestFields.integer(body, "top_k"))
                .stop(RequestFields.strings(body, "stop_sequences"))
                .user(Json.text(RequestFields.object(body, "metadata"), "user_id"))
                .stream(Boolean.TRUE.equals(Json.boolOrNull(body, "stream")))
                .reasoning(reasoning(body))
                .outputFormat(outputFormat(body));
        ObjectNode choice = RequestFields.object(body, "tool_choice");
        if (choice != null) {
            String type = Json.textOr(choice, "type", "auto");
            b.toolChoice(switch (type) {
                case "any" -> ToolChoice.ANY;
                case "none" -> ToolChoice.NONE;
                case "tool" -> ToolChoice.tool(Json.text(choice, "name"));
                default -> ToolChoice.AUTO;
            });
            if (Boolean.TRUE.equals(Json.boolOrNull(choice, "disable_parallel_tool_use"))) {
                b.parallelToolCalls(false);
            }
        }
        return b.build();
    }

    private static List<Part.Text> system(JsonNode system) {
        List<Part.Text> out = new ArrayList<>();
        if (system != null && system.isTextual()) {
            if (!system.asText().isEmpty()) {
                out.add(new Part.Text(system.asText()));
            }
        } else if (system != null && system.isArray()) {
            for (JsonNode block : system) {
                String text = Json.text(block, "text");
                if (text != null && !text.isEmpty()) {
                    out.add(new Part.Text(text, block.get("cache_control")));
                }
            }
        }
        return out;
    }

    private static List<Message> messages(ObjectNode body) throws TranslationException {
        List<Message> out = new ArrayList<>();
        for (JsonNode m : RequestFields.requiredObjects(body, "messages")) {
            String role = Json.textOr(m, "role", "user");
            Role r = switch (role) {
                case "assistant" -> Role.ASSISTANT;
                // Claude Code 2.x puts system entries inside messages; they stay where they are.
                case "system" -> Role.SYSTEM;
                default -> Role.USER;
            };
            out.add(new Message(r, blocks(m.get("content"))));
        }
        return out;
    }

    private static List<Part> blocks(JsonNode content) throws TranslationException {
        List<Part> parts = new ArrayList<>();
        if (content == null || content.isNull()) {
            return parts;
        }
        if (content.isTextual()) {
            parts.add(new Part.Text(content.asText()));
            return parts;
        }
        for (JsonNode block : content) {
            Part p = block(block);
            if (p != null) {
                parts.add(p);
            }
        }
        return parts;
    }

    private static Part block(JsonNode block) throws TranslationException {
        String type = Json.textOr(block, "type", "");
        return switch (type) {
            case "text" -> new Part.Text(Json.textOr(block, "text", ""), block.get("cache_control"));
            case "image" -> image(Json.obj(block, "source"));
            case "document" -> document(block);
            case "tool_use" -> new Part.ToolCall(Json.text(block, "id"), Json.text(block, "name"),
                    Json.write(block.hasNonNull("input") ? block.get("input") : Json.object()));
            case "tool_result" -> new Part.ToolResult(Json.text(block, "tool_use_id"), blocks(block.get("content")),
                    Boolean.TRUE.equals(Json.boolOrNull(block, "is_error")));
            case "thinking" -> new Part.Thinking(Json.textOr(block, "thinking", ""),
                    ThinkingSignature.fromAnthropicClient(Json.text(block, "signature")));
            case "redacted_thinking" -> new Part.RedactedThinking(Json.textOr(block, "data", ""));
            // Server tool blocks (web search, code execution …) and anything newer have no counterpart.
            default -> null;
        };
    }

    private static Part image(ObjectNode source) throws TranslationException {
        String kind = Json.textOr(source, "type", "");
        return switch (kind) {
            case "base64" -> new Part.Image(Json.text(source, "media_type"), Json.text(source, "data"), null);
            case "url" -> new Part.Image(null, null, Json.text(source, "url"));
            default -> throw new TranslationException(ApiError.invalidRequest(
                    "image source type '" + kind + "' is not supported by this route's upstream", "source.type"));
        };
    }

    private static Part document(JsonNode block) throws TranslationException {
        ObjectNode source = Json.obj(block, "source");
        String kind = Json.textOr(source, "type", "");
        String title = Json.text(block, "title");
        return switch (kind) {
            case "base64" -> new Part.Document(Json.textOr(source, "media_type", "application/pdf"),
                    Json.text(source, "data"), null, null, title);
            case "url" -> new Part.Document("application/pdf", null, Json.text(source, "url"), null, title);
            case "text" -> new Part.Document("text/plain", null, null, Json.textOr(source, "data", ""), title);
            default -> throw new TranslationException(ApiError.invalidRequest(
                    "document source type '" + kind + "' is not supported by this route's upstream", "source.type"));
        };
    }

    private static List<ToolDefinition> tools(ObjectNode body) {
        List<ToolDefinition> out = new ArrayList<>();
        for (JsonNode t : Json.items(body, "tools")) {
            String type = Json.text(t, "type");
            // Server tools (web_search_*, bash_*, …) carry a versioned type and no input_schema.
            if (!t.has("input_schema") && type != null && !"custom".equals(type)) {
                continue;
            }
            JsonNode schema = t.hasNonNull("input_schema") ? t.get("input_schema") : ToolDefinition.emptyParameters();
            out.add(new ToolDefinition(Json.text(t, "name"), Json.text(t, "description"), schema,
                    Json.boolOrNull(t, "strict"), false));
        }
        return out;
    }

    private static Reasoning reasoning(ObjectNode body) {
        ObjectNode thinking = Json.obj(body, "thinking");
        String type = Json.text(thinking, "type");
        if ("enabled".equals(type)) {
            Integer budget = Json.intOrNull(thinking, "budget_tokens");
            return budget == null ? Reasoning.effort("medium") : Reasoning.budget(budget);
        }
        if ("adaptive".equals(type)) {
            String effort = Json.text(Json.obj(body, "output_config"), "effort");
            return Reasoning.effort(effort == null ? "medium" : "max".equals(effort) ? "xhigh" : effort);
        }
        return null;
    }

    private static OutputFormat outputFormat(ObjectNode body) {
        ObjectNode format = Json.obj(Json.obj(body, "output_config"), "format");
        if (format == null) {
            format = Json.obj(body, "output_format");
        }
        if (format == null || !"json_schema".equals(Json.text(format, "type"))) {
            return null;
        }
        // Anthropic's structured output always holds to the schema: strict on every dialect.
        return new OutputFormat.JsonSchema("structured_output", format.get("schema"), true, null);
    }
}
