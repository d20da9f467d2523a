package io.modelproxy.dialect.chat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.modelproxy.translate.ComposedCodec;
import io.modelproxy.translate.ApiError;
import io.modelproxy.translate.TranslationState;
import io.modelproxy.translate.Json;
import io.modelproxy.translate.JsonSchemas;
import io.modelproxy.translate.MediaSource;
import io.modelproxy.translate.Message;
import io.modelproxy.translate.ModelRequest;
import io.modelproxy.translate.ModelTraits;
import io.modelproxy.translate.OutputFormat;
import io.modelproxy.translate.Part;
import io.modelproxy.translate.ToolDefinition;
import io.modelproxy.translate.TranslationException;
import io.modelproxy.translate.UpstreamTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The neutral model written as an OpenAI Chat Completions request for an upstream (TRANSLATION.md §1). */
final class ChatRequestEncoder implements ComposedCodec.RequestEncoder {
    /** OpenAI rejects more stop sequences. */
    private static final int MAX_STOP = 4;

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
