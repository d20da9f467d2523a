package io.modelproxy.dialect.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.dialect.openai.OpenAiContent;
import io.modelproxy.translate.ComposedCodec;
import io.modelproxy.translate.ApiError;
import io.modelproxy.translate.Conversation;
import io.modelproxy.translate.TranslationState;
import io.modelproxy.translate.Json;
import io.modelproxy.translate.MediaSource;
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

/** OpenAI Chat Completions requests read from a client into the neutral model (TRANSLATION.md §1). */
final class ChatRequestDecoder implements ComposedCodec.RequestDecoder {
    @Override
    public ModelRequest decode(ObjectNode body, TranslationState x) throws TranslationException {
        rejectUntranslatable(body);
        Conversation conversation = conversation(body);
        ModelRequest.Builder b = ModelRequest.builder()
                .system(conversation.systemTexts())
                .messages(conversation.messages())
                .tools(tools(body))
                .toolChoice(toolChoice(body.get("tool_choice")))
                .parallelToolCalls(RequestFields.bool(body, "parallel_tool_calls"))
                .maxTokens(Json.has(body, "max_completion_tokens") ? RequestFields.integerAtLeast(body, "max_completion_tokens", 1)
                        : RequestFields.integerAtLeast(body, "max_tokens", 1))
                .temperature(RequestFields.number(body, "temperature"))
                .topP(RequestFields.number(body, "top_p"))
                .stop(stop(body.get("stop")))
                .outputFormat(responseFormat(Json.obj(body, "response_format")))
                .user(Json.has(body, "user") ? Json.text(body, "user") : Json.text(body, "safety_identifier"))
                .stream(Boolean.TRUE.equals(Json.boolOrNull(body, "stream")));
        String effort = Json.text(body, "reasoning_effort");
        if (effort != null) {
            b.reasoning(Reasoning.effort(effort));
        }
        x.clientWantsUsage(Boolean.TRUE.equals(Json.boolOrNull(Json.obj(body, "stream_options"), "include_usage")));
        return b.build();
    }

    /** Fields whose loss would silently change the answer (§7): a 400 naming them beats a wrong answer. */
    private static void rejectUntranslatable(ObjectNode body) throws TranslationException {
        Integer n = RequestFields.integer(body, "n");
        if (n != null && n > 1) {
            throw new TranslationException(ApiError.invalidRequest(
                    "n > 1 is not supported for this model: its upstream returns one choice per request", "n"));
        }
        if (Boolean.TRUE.equals(Json.boolOrNull(body, "logprobs")) || Json.has(body, "top_logprobs")) {
            String param = Json.has(body, "top_logprobs") ? "top_logprobs" : "logprobs";
            throw new TranslationException(ApiError.invalidRequest(
                    param + " is not supported for this model: its upstream does not return log probabilities", param));
        }
        ObjectNode audio = Json.obj(body, "audio");
        if (audio != null) {
            throw new TranslationException(ApiError.invalidRequest("audio output is not supported for this model", "audio"));
        }
    }

    /** Messages in order; consecutive tool messages answer one assistant turn: one user turn (case 35). */
    private static Conversation conversation(ObjectNode body) throws TranslationException {
        Conversation conversation = new Conversation();
        boolean lastWasTool = false;
        for (JsonNode m : RequestFields.requiredObjects(body, "messages")) {
            String role = Json.textOr(m, "role", "user");
            JsonNode content = m.get("content");
            switch (role) {
                case "system", "developer" -> conversation.system(texts(content));
                case "user" -> conversation.add(Role.USER, userParts(content));
                case "assistant" -> conversation.add(Role.ASSISTANT, assistantParts(m));
                case "tool" -> {
                    Part result = new Part.ToolResult(Json.text(m, "tool_call_id"), List.copyOf(texts(content)), looksLikeError(content));
                    if (lastWasTool) {
                        conversation.join(Role.USER, result);
                    } else {
                        conversation.add(Role.USER, List.of(result));
                    }
                }
                default -> throw new TranslationException(ApiError.invalidRequest(
                        "message role '" + role + "' is not supported", "messages"));
            }
            lastWasTool = "tool".equals(role);
        }
        return conversation;
    }

    /** Anthropic's is_error has no Chat field; a JSON object with an "error" key is the usual sign (envoy). */
    private static boolean looksLikeError(JsonNode content) {
        return content != null && content.isTextual() && Json.parse(content.asText()) instanceof ObjectNode o && o.has("error");
    }

    private static List<Part.Text> texts(JsonNode content) throws TranslationException {
        return OpenAiContent.parts(content, Part.Text::new, (type, part) -> {
            String text = Json.text(part, "text");
            if (text == null) {
                text = Json.text(part, "refusal");
            }
            return text == null ? null : new Part.Text(text, part.get("cache_control"));
        });
    }

    private static List<Part> userParts(JsonNode content) throws TranslationException {
        return OpenAiContent.parts(content, Part.Text::new, ChatRequestDecoder::userPart);
    }

    private static Part userPart(String type, JsonNode part) throws TranslationException {
        return switch (type) {
            case "text" -> new Part.Text(Json.textOr(part, "text", ""), part.get("cache_control"));
            case "image_url" -> {
                JsonNode image = part.get("image_url");
                String url = image != null && image.isTextual() ? image.asText() : Json.text(image, "url");
                yield image(url);
            }
            case "file" -> file(Json.obj(part, "file"));
            case "input_audio" -> throw new TranslationException(ApiError.invalidRequest(
                    "audio input is not supported for this model", "messages.content.input_audio"));
            default -> throw new TranslationException(ApiError.invalidRequest(
                    "content part type '" + type + "' is not supported for this model", "messages.content"));
        };
    }

    private static Part image(String url) throws TranslationException {
        if (url == null) {
            throw new TranslationException(ApiError.invalidRequest("image_url.url is required", "image_url"));
        }
        return MediaSource.image(url, "image_url");
    }

    private static Part file(ObjectNode file) throws TranslationException {
        String data = Json.text(file, "file_data");
        if (data == null) {
            throw new TranslationException(ApiError.invalidRequest(
                    "file parts need file_data for this model: file_id refers to OpenAI file storage", "file.file_id"));
        }
        return OpenAiContent.fileData(data, Json.text(file, "filename"), "file.file_data");
    }

    private static List<Part> assistantParts(JsonNode m) throws TranslationException {
        List<Part> out = new ArrayList<>();
        // LiteLLM's thinking_blocks carry Claude signatures; plain reasoning_content has none and is not replayable.
        for (JsonNode block : Json.items(m, "thinking_blocks")) {
            if ("redacted_thinking".equals(Json.text(block, "type"))) {
                out.add(new Part.RedactedThinking(Json.textOr(block, "data", "")));
            } else {
                out.add(new Part.Thinking(Json.textOr(block, "thinking", ""),
                        ThinkingSignature.fromAnthropicClient(Json.text(block, "signature"))));
            }
        }
        out.addAll(texts(m.get("content")));
        String refusal = Json.text(m, "refusal");
        if (refusal != null && !refusal.isEmpty()) {
            out.add(new Part.Text(refusal));
        }
        for (JsonNode call : Json.items(m, "tool_calls")) {
            ObjectNode function = Json.obj(call, "function");
            if (function == null) {
                throw new TranslationException(ApiError.invalidRequest(
                        "only function tool calls are supported for this model", "messages.tool_calls"));
            }
            out.add(new Part.ToolCall(Json.text(call, "id"), Json.text(function, "name"),
                    Json.textOr(function, "arguments", "{}")));
        }
        return out;
    }

    private static List<ToolDefinition> tools(ObjectNode body) throws TranslationException {
        List<ToolDefinition> out = new ArrayList<>();
        for (JsonNode t : Json.items(body, "tools")) {
            ObjectNode function = Json.obj(t, "function");
            if (!"function".equals(Json.textOr(t, "type", "function")) || function == null) {
                throw new TranslationException(ApiError.invalidRequest(
                        "tool type '" + Json.text(t, "type") + "' is not supported for this model", "tools"));
            }
            out.add(new ToolDefinition(Json.text(function, "name"), Json.text(function, "description"),
                    function.hasNonNull("parameters") ? function.get("parameters") : ToolDefinition.emptyParameters(),
                    Json.boolOrNull(function, "strict"), false));
        }
        return out;
    }

    static ToolChoice toolChoice(JsonNode choice) {
        if (choice == null || choice.isNull()) {
            return null;
        }
        if (choice.isTextual()) {
            return switch (choice.asText()) {
                case "none" -> ToolChoice.NONE;
                case "required" -> ToolChoice.ANY;
                default -> ToolChoice.AUTO;
            };
        }
        String name = Json.text(Json.obj(choice, "function"), "name");
        if (name == null) {
            name = Json.text(Json.obj(choice, "custom"), "name");
        }
        if (name == null) {
            name = Json.text(choice, "name");
        }
        if (name != null) {
            return ToolChoice.tool(name);
        }
        // {type: allowed_tools, …} or Anthropic-style {type: any|required}
        String mode = Json.text(Json.obj(choice, "allowed_tools"), "mode");
        String type = Json.textOr(choice, "type", "");
        return "required".equals(mode) || "any".equals(type) || "required".equals(type) ? ToolChoice.ANY : ToolChoice.AUTO;
    }

    private static List<String> stop(JsonNode stop) {
        if (stop == null || stop.isNull()) {
            return List.of();
        }
        if (stop.isTextual()) {
            return List.of(stop.asText());
        }
        List<String> out = new ArrayList<>();
        stop.forEach(s -> {
            if (s.isTextual()) {
                out.add(s.asText());
            }
        });
        return out;
    }

    static OutputFormat responseFormat(ObjectNode format) {
        String type = Json.text(format, "type");
        if ("json_object".equals(type)) {
            return new OutputFormat.JsonObject();
        }
        if (!"json_schema".equals(type)) {
            return null;
        }
        ObjectNode schema = Json.obj(format, "json_schema");
        return new OutputFormat.JsonSchema(Json.textOr(schema, "name", "structured_output"), schema == null ? null : schema.get("schema"),
                Json.boolOrNull(schema, "strict"), Json.text(schema, "description"));
    }
}
