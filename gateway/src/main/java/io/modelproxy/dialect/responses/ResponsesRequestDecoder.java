package io.modelproxy.dialect.responses;

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
import java.util.stream.Collectors;

/** OpenAI Responses requests read from a client into the neutral model (TRANSLATION.md §1). */
final class ResponsesRequestDecoder implements ComposedCodec.RequestDecoder {
    /** Request fields a Responses client expects back in the response object (§2.1). */
    private static final List<String> ECHOED = List.of("instructions", "max_output_tokens", "parallel_tool_calls",
            "reasoning", "store", "temperature", "text", "tool_choice", "tools", "top_p", "truncation", "user", "metadata");

    @Override
    public ModelRequest decode(ObjectNode body, TranslationState x) throws TranslationException {
        if (Json.has(body, "previous_response_id")) {
            throw new TranslationException(ApiError.invalidRequest("previous_response_id is not supported for this model: "
                    + "its upstream keeps no stored responses; send the whole conversation in input", "previous_response_id"));
        }
        if (Json.has(body, "top_logprobs")) {
            throw new TranslationException(ApiError.invalidRequest(
                    "top_logprobs is not supported for this model: its upstream does not return log probabilities", "top_logprobs"));
        }
        ObjectNode echo = Json.object();
        ECHOED.forEach(field -> {
            if (body.has(field)) {
                echo.set(field, body.get(field));
            }
        });
        x.responsesEcho(echo);

        Conversation conversation = conversation(body);
        ModelRequest.Builder b = ModelRequest.builder()
                .system(conversation.systemTexts())
                .messages(conversation.messages())
                .tools(tools(body, x))
                .toolChoice(toolChoice(body.get("tool_choice")))
                .parallelToolCalls(RequestFields.bool(body, "parallel_tool_calls"))
                .maxTokens(RequestFields.integerAtLeast(body, "max_output_tokens", 1))
                .temperature(RequestFields.number(body, "temperature"))
                .topP(RequestFields.number(body, "top_p"))
                .outputFormat(format(Json.obj(Json.obj(body, "text"), "format")))
                .user(Json.has(body, "user") ? Json.text(body, "user") : Json.text(body, "safety_identifier"))
                .stream(Boolean.TRUE.equals(Json.boolOrNull(body, "stream")));
        ObjectNode reasoning = Json.obj(body, "reasoning");
        String effort = Json.text(reasoning, "effort");
        if (effort != null) {
            b.reasoning(new Reasoning(effort, null, Json.text(reasoning, "summary")));
        }
        return b.build();
    }

    /** Input items in order; consecutive assistant items (reasoning, text, calls) form one assistant turn. */
    private static Conversation conversation(ObjectNode body) throws TranslationException {
        Conversation conversation = new Conversation();
        String instructions = RequestFields.string(body, "instructions");
        if (instructions != null && !instructions.isEmpty()) {
            conversation.system(List.of(new Part.Text(instructions)));
        }
        JsonNode input = body.get("input");
        if (input != null && input.isTextual()) {
            conversation.add(Role.USER, List.of(new Part.Text(input.asText())));
            return conversation;
        }
        boolean lastWasOutput = false;
        if (input != null && !input.isNull() && !input.isArray()) {
            throw new TranslationException(ApiError.invalidRequest("`input` must be a string or an array of items", "input"));
        }
        for (JsonNode item : RequestFields.objects(body, "input")) {
            String type = Json.textOr(item, "type", "message");
            switch (type) {
                case "message" -> message(item, conversation);
                case "function_call" -> conversation.join(Role.ASSISTANT, new Part.ToolCall(Json.text(item, "call_id"),
                        Json.text(item, "name"), Json.textOr(item, "arguments", "{}")));
                case "custom_tool_call" -> conversation.join(Role.ASSISTANT, new Part.ToolCall(Json.text(item, "call_id"),
                        Json.text(item, "name"),
                        Json.write(Json.object().put(ToolDefinition.FREEFORM_ARGUMENT, Json.textOr(item, "input", "")))));
                case "function_call_output", "custom_tool_call_output" -> {
                    Part result = new Part.ToolResult(Json.text(item, "call_id"), contentParts(item.get("output")), false);
                    if (lastWasOutput) {
                        conversation.join(Role.USER, result);
                    } else {
                        conversation.add(Role.USER, List.of(result));
                    }
                }
                case "reasoning" -> conversation.join(Role.ASSISTANT, reasoning(item));
                case "item_reference" -> throw new TranslationException(ApiError.invalidRequest(
                        "item_reference is not supported for this model: its upstream keeps no stored items", "input"));
                default -> { } // built-in tool calls (web search, shell …) have no counterpart upstream
            }
            lastWasOutput = type.endsWith("_output");
        }
        return conversation;
    }

    private static void message(JsonNode item, Conversation conversation) throws TranslationException {
        List<Part> content = contentParts(item.get("content"));
        switch (Json.textOr(item, "role", "user")) {
            case "system", "developer" -> conversation.system(content.stream()
                    .filter(p -> p instanceof Part.Text).map(p -> (Part.Text) p).toList());
            case "assistant" -> content.forEach(p -> conversation.join(Role.ASSISTANT, p));
            default -> conversation.add(Role.USER, content);
        }
    }

    private static Part reasoning(JsonNode item) {
        String encrypted = Json.text(item, "encrypted_content");
        String redacted = ThinkingSignature.redactedFromResponsesClient(encrypted);
        if (redacted != null) {
            return new Part.RedactedThinking(redacted);
        }
        List<JsonNode> texts = Json.items(item, "summary");
        if (texts.isEmpty()) {
            texts = Json.items(item, "content");
        }
        String text = texts.stream().map(t -> Json.textOr(t, "text", "")).collect(Collectors.joining("\n\n"));
        return new Part.Thinking(text, ThinkingSignature.fromResponsesClient(Json.text(item, "id"), encrypted));
    }

    private static List<Part> contentParts(JsonNode content) throws TranslationException {
        return OpenAiContent.parts(content, Part.Text::new, ResponsesRequestDecoder::contentPart);
    }

    private static Part contentPart(String type, JsonNode part) throws TranslationException {
        return switch (type) {
            case "input_text", "output_text", "text" -> new Part.Text(Json.textOr(part, "text", ""));
            case "refusal" -> new Part.Text(Json.textOr(part, "refusal", ""));
            case "input_image" -> {
                String url = Json.text(part, "image_url");
                if (url == null) {
                    throw new TranslationException(ApiError.invalidRequest(
                            "input_image needs image_url for this model: file_id refers to OpenAI file storage", "input_image.file_id"));
                }
                yield MediaSource.image(url, "input_image.image_url");
            }
            case "input_file" -> file(part);
            default -> throw new TranslationException(ApiError.invalidRequest(
                    "content type '" + type + "' is not supported for this model", "input"));
        };
    }

    private static Part file(JsonNode part) throws TranslationException {
        String filename = Json.text(part, "filename");
        String data = Json.text(part, "file_data");
        if (data != null) {
            return OpenAiContent.fileData(data, filename, "input_file.file_data");
        }
        String url = Json.text(part, "file_url");
        if (url != null) {
            return new Part.Document("application/pdf", null, url, null, filename);
        }
        throw new TranslationException(ApiError.invalidRequest(
                "input_file needs file_data or file_url for this model: file_id refers to OpenAI file storage", "input_file.file_id"));
    }

    private static List<ToolDefinition> tools(ObjectNode body, TranslationState x) {
        List<ToolDefinition> out = new ArrayList<>();
        for (JsonNode t : Json.items(body, "tools")) {
            String type = Json.textOr(t, "type", "");
            if ("function".equals(type)) {
                out.add(new ToolDefinition(Json.text(t, "name"), Json.text(t, "description"),
                        t.hasNonNull("parameters") ? t.get("parameters") : ToolDefinition.emptyParameters(),
                        Json.boolOrNull(t, "strict"), false));
            } else if ("custom".equals(type)) {
                // Free-text tools (Codex apply_patch) become a function with one string argument (§1.4).
                String name = Json.text(t, "name");
                x.freeform(name);
                out.add(new ToolDefinition(name, Json.text(t, "description"), ToolDefinition.freeformParameters(), null, true));
            }
            // built-in tools (web_search, file_search, local_shell, …) have no counterpart upstream
        }
        return out;
    }

    private static ToolChoice toolChoice(JsonNode choice) {
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
        String type = Json.textOr(choice, "type", "");
        String name = Json.text(choice, "name");
        if (("function".equals(type) || "custom".equals(type)) && name != null) {
            return ToolChoice.tool(name);
        }
        return "allowed_tools".equals(type) && "required".equals(Json.text(choice, "mode")) ? ToolChoice.ANY : ToolChoice.AUTO;
    }

    private static OutputFormat format(ObjectNode format) {
        String type = Json.text(format, "type");
        if ("json_object".equals(type)) {
            return new OutputFormat.JsonObject();
        }
        if (!"json_schema".equals(type)) {
            return null;
        }
        return new OutputFormat.JsonSchema(Json.textOr(format, "name", "structured_output"), format.get("schema"),
                Json.boolOrNull(format, "strict"), Json.text(format, "description"));
    }
}
