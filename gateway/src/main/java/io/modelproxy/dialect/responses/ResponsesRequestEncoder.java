package io.modelproxy.dialect.responses;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.modelproxy.translate.ComposedCodec;
import io.modelproxy.translate.TranslationState;
import io.modelproxy.translate.Json;
import io.modelproxy.translate.JsonSchemas;
import io.modelproxy.translate.MediaSource;
import io.modelproxy.translate.Message;
import io.modelproxy.translate.ModelRequest;
import io.modelproxy.translate.ModelTraits;
import io.modelproxy.translate.OutputFormat;
import io.modelproxy.translate.Part;
import io.modelproxy.translate.ThinkingSignature;
import io.modelproxy.translate.ToolDefinition;
import io.modelproxy.translate.UpstreamTarget;
import java.util.List;
import java.util.stream.Collectors;

/** The neutral model written as an OpenAI Responses request for an upstream (TRANSLATION.md §1). */
final class ResponsesRequestEncoder implements ComposedCodec.RequestEncoder {
    /** OpenAI rejects smaller output caps. */
    private static final int MIN_OUTPUT_TOKENS = 16;

    @Override
    public ObjectNode encode(ModelRequest r, UpstreamTarget target, TranslationState x) {
        ModelTraits traits = new ModelTraits(target.upstreamModel());
        ObjectNode out = Json.object();
        out.put("model", target.upstreamModel());
        if (!r.system().isEmpty()) {
            out.put("instructions", r.system().stream().map(Part.Text::text).collect(Collectors.joining("\n\n")));
        }
        ArrayNode input = out.putArray("input");
        for (Message m : r.messages()) {
            switch (m.role()) {
                case SYSTEM -> {
                    ObjectNode item = input.addObject().put("type", "message").put("role", "developer");
                    ArrayNode content = item.putArray("content");
                    m.parts().forEach(p -> {
                        if (p instanceof Part.Text t) {
                            content.addObject().put("type", "input_text").put("text", t.text());
                        }
                    });
                }
                case USER -> userItems(m.parts(), x, input);
                case ASSISTANT -> assistantItems(m.parts(), x, input);
            }
        }
        if (!r.tools().isEmpty()) {
            ArrayNode tools = out.putArray("tools");
            for (ToolDefinition t : r.tools()) {
                ObjectNode tool = tools.addObject().put("type", "function").put("name", x.aliases().upstreamName(t.name()));
                if (t.description() != null) {
                    tool.put("description", t.description());
                }
                tool.set("parameters", t.parameters());
                // Responses makes function schemas strict unless told otherwise; clients of other dialects did not ask (§1.4).
                tool.put("strict", Boolean.TRUE.equals(t.strict()));
            }
            if (r.toolChoice() != null) {
                out.set("tool_choice", switch (r.toolChoice().mode()) {
                    case AUTO -> TextNode.valueOf("auto");
                    case ANY -> TextNode.valueOf("required");
                    case NONE -> TextNode.valueOf("none");
                    case TOOL -> Json.object().put("type", "function").put("name", x.aliases().upstreamName(r.toolChoice().name()));
                });
            }
            out.put("parallel_tool_calls", !Boolean.FALSE.equals(r.parallelToolCalls()));
        }
        if (r.maxTokens() != null) {
            int cap = target.maxOutputTokens() != null ? Math.min(r.maxTokens(), target.maxOutputTokens()) : r.maxTokens();
            out.put("max_output_tokens", Math.max(cap, MIN_OUTPUT_TOKENS));
        }
        if (r.temperature() != null && (!traits.openAiReasoning() || r.temperature() == 1.0)) {
            out.put("temperature", r.temperature());
        }
        if (r.topP() != null && (!traits.openAiReasoning() || r.topP() == 1.0)) {
            out.put("top_p", r.topP());
        }
        if (r.reasoning() != null && traits.acceptsReasoning()) {
            ObjectNode reasoning = out.putObject("reasoning").put("effort", r.reasoning().openAiEffort());
            if (r.wantsReasoning()) {
                // Summaries are the only reasoning text OpenAI shows; clients that asked for thinking want to see it.
                reasoning.put("summary", r.reasoning().summary() != null ? r.reasoning().summary() : "auto");
                out.putArray("include").add("reasoning.encrypted_content");
            }
        }
        if (r.outputFormat() != null) {
            out.putObject("text").set("format", format(r.outputFormat()));
        }
        if (r.user() != null) {
            out.put("user", r.openAiUser());
        }
        // Stateless: the gateway sends the whole conversation every time.
        out.put("store", false);
        if (r.stream()) {
            out.put("stream", true);
        }
        return out;
    }

    private static ObjectNode format(OutputFormat format) {
        return switch (format) {
            case OutputFormat.JsonObject o -> Json.object().put("type", "json_object");
            case OutputFormat.JsonSchema s -> {
                ObjectNode out = Json.object().put("type", "json_schema").put("name", s.name());
                if (s.description() != null) {
                    out.put("description", s.description());
                }
                out.set("schema", Boolean.TRUE.equals(s.strict()) ? JsonSchemas.closed(s.schema()) : s.schema());
                out.put("strict", Boolean.TRUE.equals(s.strict()));
                yield out;
            }
        };
    }

    /** Tool outputs first and in order, then the rest of the user turn as one message (§1.2 A→R). */
    private static void userItems(List<Part> parts, TranslationState x, ArrayNode input) {
        for (Part p : parts) {
            if (p instanceof Part.ToolResult r) {
                ObjectNode item = input.addObject().put("type", "function_call_output").put("call_id", x.aliases().upstreamId(r.callId()));
                if (r.content().stream().allMatch(c -> c instanceof Part.Text)) {
                    item.put("output", r.content().stream().map(c -> ((Part.Text) c).text()).collect(Collectors.joining("\n")));
                } else {
                    ArrayNode output = item.putArray("output");
                    r.content().forEach(c -> addInputPart(c, output));
                }
            }
        }
        ArrayNode content = Json.array();
        parts.forEach(p -> {
            if (!(p instanceof Part.ToolResult)) {
                addInputPart(p, content);
            }
        });
        if (!content.isEmpty()) {
            input.addObject().put("type", "message").put("role", "user").set("content", content);
        }
    }

    private static void addInputPart(Part p, ArrayNode content) {
        switch (p) {
            case Part.Text t when !t.text().isEmpty() -> content.addObject().put("type", "input_text").put("text", t.text());
            case Part.Image i -> content.addObject().put("type", "input_image").put("detail", "auto")
                    .put("image_url", i.url() != null ? i.url() : new MediaSource(i.mediaType(), i.data()).toUri());
            case Part.Document d when d.text() != null -> content.addObject().put("type", "input_text").put("text", d.text());
            case Part.Document d -> {
                ObjectNode file = content.addObject().put("type", "input_file");
                if (d.url() != null) {
                    file.put("file_url", d.url());
                } else {
                    file.put("filename", d.filename() != null ? d.filename() : "document.pdf")
                            .put("file_data", new MediaSource(d.mediaType(), d.data()).toUri());
                }
            }
            default -> { }
        }
    }

    /**
     * Assistant parts in order: OpenAI reasoning items it issued, text as output_text messages, tool
     * calls as function_call items. Thinking signed by another vendor is opaque here and dropped.
     */
    private static void assistantItems(List<Part> parts, TranslationState x, ArrayNode input) {
        ArrayNode text = null;
        for (Part p : parts) {
            switch (p) {
                case Part.Text t when !t.text().isEmpty() -> {
                    if (text == null) {
                        ObjectNode message = input.addObject().put("type", "message").put("role", "assistant");
                        text = message.putArray("content");
                    }
                    text.addObject().put("type", "output_text").put("text", t.text()).putArray("annotations");
                }
                case Part.ToolCall c -> {
                    text = null;
                    input.addObject().put("type", "function_call")
                            .put("call_id", x.aliases().upstreamId(c.id()))
                            .put("name", x.aliases().upstreamName(c.name()))
                            .put("arguments", c.arguments() == null || c.arguments().isBlank() ? "{}" : c.arguments());
                }
                case Part.Thinking t when t.signature() != null && t.signature().origin() == ThinkingSignature.Origin.OPENAI -> {
                    text = null;
                    ObjectNode item = input.addObject().put("type", "reasoning");
                    if (t.signature().itemId() != null) {
                        item.put("id", t.signature().itemId());
                    }
                    ArrayNode summary = item.putArray("summary");
                    if (!t.text().isEmpty()) {
                        summary.addObject().put("type", "summary_text").put("text", t.text());
                    }
                    item.put("encrypted_content", t.signature().value());
                }
                default -> { }
            }
        }
    }
}
