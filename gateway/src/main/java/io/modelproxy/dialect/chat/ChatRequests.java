package io.modelproxy.dialect.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.modelproxy.translate.ComposedCodec;
import io.modelproxy.translate.ApiError;
import io.modelproxy.translate.Conversation;
import io.modelproxy.translate.TranslationState;
import io.modelproxy.translate.Json;
import io.modelproxy.translate.JsonSchemas;
import io.modelproxy.translate.MediaSource;
import io.modelproxy.translate.Message;
import io.modelproxy.translate.ModelRequest;
import io.modelproxy.translate.ModelTraits;
import io.modelproxy.translate.OutputFormat;
import io.modelproxy.translate.Part;
import io.modelproxy.translate.Reasoning;
import io.modelproxy.translate.RequestFields;
import io.modelproxy.translate.Role;
import io.modelproxy.translate.ThinkingSignature;
import io.modelproxy.translate.ToolChoice;
import io.modelproxy.translate.ToolDefinition;
import io.modelproxy.translate.TranslationException;
import io.modelproxy.translate.UpstreamTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** OpenAI Chat Completions requests: read from a client, written for an upstream (TRANSLATION.md §1). */
final class ChatRequests implements ComposedCodec.Requests {
    /** OpenAI rejects more stop sequences. */
    private static final int MAX_STOP = 4;

    // ---------------------------------------------------------------- client → neutral

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

    private static List<Part.Text> texts(JsonNode content) {
        List<Part.Text> out = new ArrayList<>();
        if (content == null || content.isNull()) {
            return out;
        }
        if (content.isTextual()) {
            out.add(new Part.Text(content.asText()));
            return out;
        }
        for (JsonNode part : content) {
            String text = Json.text(part, "text");
            if (text == null) {
                text = Json.text(part, "refusal");
            }
            if (text != null) {
                out.add(new Part.Text(text, part.get("cache_control")));
            }
        }
        return out;
    }

    private static List<Part> userParts(JsonNode content) throws TranslationException {
        List<Part> out = new ArrayList<>();
        if (content == null || content.isNull()) {
            return out;
        }
        if (content.isTextual()) {
            out.add(new Part.Text(content.asText()));
            return out;
        }
        for (JsonNode part : content) {
            String type = Json.textOr(part, "type", "");
            switch (type) {
                case "text" -> out.add(new Part.Text(Json.textOr(part, "text", ""), part.get("cache_control")));
                case "image_url" -> {
                    JsonNode image = part.get("image_url");
                    String url = image != null && image.isTextual() ? image.asText() : Json.text(image, "url");
                    out.add(image(url));
                }
                case "file" -> out.add(file(Json.obj(part, "file")));
                case "input_audio" -> throw new TranslationException(ApiError.invalidRequest(
                        "audio input is not supported for this model", "messages.content.input_audio"));
                default -> throw new TranslationException(ApiError.invalidRequest(
                        "content part type '" + type + "' is not supported for this model", "messages.content"));
            }
        }
        return out;
    }

    private static Part image(String url) throws TranslationException {
        if (url == null) {
            throw new TranslationException(ApiError.invalidRequest("image_url.url is required", "image_url"));
        }
        if (MediaSource.isDataUri(url)) {
            MediaSource m = MediaSource.parse(url, "image_url");
            return new Part.Image(m.mediaType(), m.base64(), null);
        }
        return new Part.Image(null, null, url);
    }

    private static Part file(ObjectNode file) throws TranslationException {
        String data = Json.text(file, "file_data");
        if (data == null) {
            throw new TranslationException(ApiError.invalidRequest(
                    "file parts need file_data for this model: file_id refers to OpenAI file storage", "file.file_id"));
        }
        MediaSource m = MediaSource.isDataUri(data) ? MediaSource.parse(data, "file.file_data")
                : new MediaSource("application/pdf", data);
        return new Part.Document(m.mediaType(), m.base64(), null, null, Json.text(file, "filename"));
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

    // ---------------------------------------------------------------- neutral → upstream

    @Override
    public ObjectNode encode(ModelRequest r, UpstreamTarget target, TranslationState x) throws TranslationException {
        ModelTraits traits = new ModelTraits(target.upstreamModel());
        ObjectNode out = Json.object();
        out.put("model", target.upstreamModel());
        ArrayNode messages = out.putArray("messages");
        if (!r.system().isEmpty()) {
            messages.addObject().put("role", "system").put("content", joined(r.system(), "\n\n"));
        }
        for (Message m : r.messages()) {
            switch (m.role()) {
                case SYSTEM -> messages.addObject().put("role", "system").put("content", joined(m.parts(), "\n\n"));
                case USER -> userMessages(m.parts(), x, messages);
                case ASSISTANT -> assistantMessage(m.parts(), x, messages);
            }
        }
        if (!r.tools().isEmpty()) {
            ArrayNode tools = out.putArray("tools");
            for (ToolDefinition t : r.tools()) {
                ObjectNode function = tools.addObject().put("type", "function").putObject("function");
                function.put("name", x.aliases().upstreamName(t.name()));
                if (t.description() != null) {
                    function.put("description", t.description());
                }
                function.set("parameters", t.parameters());
                if (t.strict() != null) {
                    function.put("strict", t.strict());
                }
            }
            if (r.toolChoice() != null) {
                out.set("tool_choice", switch (r.toolChoice().mode()) {
                    case AUTO -> TextNode.valueOf("auto");
                    case ANY -> TextNode.valueOf("required");
                    case NONE -> TextNode.valueOf("none");
                    case TOOL -> {
                        ObjectNode named = Json.object().put("type", "function");
                        named.putObject("function").put("name", x.aliases().upstreamName(r.toolChoice().name()));
                        yield named;
                    }
                });
            }
            if (r.parallelToolCalls() != null) {
                out.put("parallel_tool_calls", r.parallelToolCalls());
            }
        }
        if (r.maxTokens() != null) {
            int cap = target.maxOutputTokens() != null ? Math.min(r.maxTokens(), target.maxOutputTokens()) : r.maxTokens();
            // Reasoning models reject max_tokens; many OpenAI-compatible servers know only max_tokens.
            out.put(traits.openAiReasoning() ? "max_completion_tokens" : "max_tokens", cap);
        }
        if (r.temperature() != null && (!traits.openAiReasoning() || r.temperature() == 1.0)) {
            out.put("temperature", r.temperature());
        }
        if (r.topP() != null && (!traits.openAiReasoning() || r.topP() == 1.0)) {
            out.put("top_p", r.topP());
        }
        if (!r.stop().isEmpty()) {
            if (r.stop().size() > MAX_STOP) {
                throw new TranslationException(ApiError.invalidRequest("at most " + MAX_STOP
                        + " stop sequences are supported for this model, got " + r.stop().size(), "stop_sequences"));
            }
            ArrayNode stop = out.putArray("stop");
            r.stop().forEach(stop::add);
        }
        if (r.reasoning() != null && traits.acceptsReasoning()) {
            out.put("reasoning_effort", r.reasoning().openAiEffort());
        }
        if (r.outputFormat() != null) {
            out.set("response_format", responseFormat(r.outputFormat()));
        }
        if (r.user() != null) {
            out.put("user", r.openAiUser());
        }
        if (r.stream()) {
            out.put("stream", true);
            // Usage arrives only when asked for; the gateway needs it whatever the client asked (§1.1).
            out.putObject("stream_options").put("include_usage", true);
        }
        return out;
    }

    private static ObjectNode responseFormat(OutputFormat format) {
        return switch (format) {
            case OutputFormat.JsonObject o -> Json.object().put("type", "json_object");
            case OutputFormat.JsonSchema s -> {
                ObjectNode out = Json.object().put("type", "json_schema");
                ObjectNode schema = out.putObject("json_schema").put("name", s.name());
                if (s.description() != null) {
                    schema.put("description", s.description());
                }
                schema.set("schema", Boolean.TRUE.equals(s.strict()) ? JsonSchemas.closed(s.schema()) : s.schema());
                if (s.strict() != null) {
                    schema.put("strict", s.strict());
                }
                yield out;
            }
        };
    }

    /**
     * Tool results become tool messages, first and in order (OpenAI wants them right after the
     * assistant's calls); what else the user turn holds follows as one user message, including
     * images and documents from tool results, which a tool message cannot carry (case 42).
     */
    private static void userMessages(List<Part> parts, TranslationState x, ArrayNode messages) throws TranslationException {
        ArrayNode content = Json.array();
        List<Part> rest = new ArrayList<>();
        for (Part p : parts) {
            if (p instanceof Part.ToolResult r) {
                List<Part> texts = new ArrayList<>();
                for (Part c : r.content()) {
                    (c instanceof Part.Text ? texts : rest).add(c);
                }
                messages.addObject().put("role", "tool")
                        .put("tool_call_id", x.aliases().upstreamId(r.callId()))
                        .put("content", joined(texts, "\n"));
            }
        }
        for (Part p : parts) {
            if (!(p instanceof Part.ToolResult)) {
                rest.add(p);
            }
        }
        for (Part p : rest) {
            ObjectNode part = userPart(p);
            if (part != null) {
                content.add(part);
            }
        }
        if (content.isEmpty()) {
            return;
        }
        ObjectNode message = messages.addObject().put("role", "user");
        if (content.size() == 1 && "text".equals(Json.text(content.get(0), "type"))) {
            message.put("content", content.get(0).get("text").asText());
        } else {
            message.set("content", content);
        }
    }

    private static ObjectNode userPart(Part p) throws TranslationException {
        return switch (p) {
            case Part.Text t -> t.text().isEmpty() ? null : Json.object().put("type", "text").put("text", t.text());
            case Part.Image i -> {
                ObjectNode part = Json.object().put("type", "image_url");
                part.putObject("image_url").put("url", i.url() != null ? i.url() : new MediaSource(i.mediaType(), i.data()).toUri());
                yield part;
            }
            case Part.Document d -> {
                if (d.text() != null) {
                    yield Json.object().put("type", "text").put("text", d.text());
                }
                if (d.url() != null || !"application/pdf".equals(d.mediaType())) {
                    throw new TranslationException(ApiError.invalidRequest(d.url() != null
                            ? "document URLs are not supported for this model: send the PDF inline as base64"
                            : "only PDF documents are supported for this model", "document"));
                }
                ObjectNode part = Json.object().put("type", "file");
                part.putObject("file")
                        .put("filename", d.filename() != null ? d.filename() : "document.pdf")
                        .put("file_data", new MediaSource(d.mediaType(), d.data()).toUri());
                yield part;
            }
            default -> null;
        };
    }

    private static void assistantMessage(List<Part> parts, TranslationState x, ArrayNode messages) {
        String text = parts.stream().filter(p -> p instanceof Part.Text).map(p -> ((Part.Text) p).text())
                .collect(Collectors.joining());
        ArrayNode calls = Json.array();
        for (Part p : parts) {
            if (p instanceof Part.ToolCall c) {
                ObjectNode call = calls.addObject().put("id", x.aliases().upstreamId(c.id())).put("type", "function");
                call.putObject("function").put("name", x.aliases().upstreamName(c.name()))
                        .put("arguments", c.arguments() == null || c.arguments().isBlank() ? "{}" : c.arguments());
            }
        }
        if (text.isEmpty() && calls.isEmpty()) {
            return; // thinking only: opaque to a Chat upstream
        }
        ObjectNode message = messages.addObject().put("role", "assistant");
        if (text.isEmpty()) {
            message.putNull("content");
        } else {
            message.put("content", text);
        }
        if (!calls.isEmpty()) {
            message.set("tool_calls", calls);
        }
    }

    private static String joined(List<? extends Part> parts, String separator) {
        return parts.stream().filter(p -> p instanceof Part.Text).map(p -> ((Part.Text) p).text())
                .collect(Collectors.joining(separator));
    }

}
