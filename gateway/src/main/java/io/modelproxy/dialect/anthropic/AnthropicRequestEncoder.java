package io.modelproxy.dialect.anthropic;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.translate.ComposedCodec;
import io.modelproxy.translate.TranslationState;
import io.modelproxy.translate.Json;
import io.modelproxy.translate.ModelRequest;
import io.modelproxy.translate.ModelTraits;
import io.modelproxy.translate.OutputFormat;
import io.modelproxy.translate.Part;
import io.modelproxy.translate.ReasoningEffort;
import io.modelproxy.translate.ToolChoice;
import io.modelproxy.translate.TranslationException;
import io.modelproxy.translate.UpstreamTarget;
import java.util.regex.Pattern;

/** The neutral model written as an Anthropic Messages request for an upstream (TRANSLATION.md §1). */
final class AnthropicRequestEncoder implements ComposedCodec.RequestEncoder {
    /** The tool that stands in for structured output on Claude models without it (case 57). */
    static final String JSON_TOOL = "json_tool_call";
    private static final int FALLBACK_MAX_TOKENS = 4096;
    private static final Pattern LOOKS_LIKE_PHONE = Pattern.compile("^\\+?[0-9 ()./-]{7,}$");

    @Override
    public ObjectNode encode(ModelRequest r, UpstreamTarget target, TranslationState x) throws TranslationException {
        ObjectNode out = Json.object();
        out.put("model", target.upstreamModel());
        int maxTokens = clamp(r.maxTokens() != null ? r.maxTokens()
                : target.defaultMaxTokens() > 0 ? target.defaultMaxTokens() : FALLBACK_MAX_TOKENS, target);

        boolean forcedJson = r.outputFormat() instanceof OutputFormat.JsonObject
                || (r.outputFormat() instanceof OutputFormat.JsonSchema
                        && !new ModelTraits(target.upstreamModel()).claudeStructuredOutput());
        ArrayNode messages = AnthropicContentBlocks.messages(r.messages(), x);
        Integer budget = null;
        if (r.wantsReasoning() && !forcedJson && AnthropicContentBlocks.lastToolTurnIsSigned(messages)) {
            budget = Math.max(ReasoningEffort.MIN_BUDGET, r.reasoning().budget());
            if (budget >= maxTokens) {
                // Thinking counts against max_tokens: keep the answer the room the client asked for.
                maxTokens = clamp(budget + maxTokens, target);
                budget = Math.min(budget, maxTokens - 1);
            }
            if (budget < ReasoningEffort.MIN_BUDGET) {
                budget = null;
            }
        }
        out.put("max_tokens", maxTokens);

        if (!r.system().isEmpty()) {
            ArrayNode system = out.putArray("system");
            for (Part.Text t : r.system()) {
                system.add(AnthropicContentBlocks.textBlock(t));
            }
        }
        out.set("messages", messages);

        ArrayNode tools = Json.array();
        for (var t : r.tools()) {
            ObjectNode tool = tools.addObject();
            tool.put("name", x.aliases().upstreamName(t.name()));
            if (t.description() != null) {
                tool.put("description", t.description());
            }
            tool.set("input_schema", t.parameters());
        }
        ObjectNode toolChoice = toolChoice(r, budget != null, x);
        if (forcedJson) {
            ObjectNode tool = tools.addObject();
            tool.put("name", JSON_TOOL);
            tool.put("description", "Respond with the JSON object the user asked for.");
            tool.set("input_schema", r.outputFormat() instanceof OutputFormat.JsonSchema s && s.schema() != null
                    ? s.schema() : Json.object().put("type", "object").put("additionalProperties", true));
            toolChoice = Json.object().put("type", "tool").put("name", JSON_TOOL);
            x.forcedJsonTool(JSON_TOOL);
        }
        if (!tools.isEmpty()) {
            out.set("tools", tools);
            if (toolChoice != null) {
                out.set("tool_choice", toolChoice);
            }
        }
        if (budget != null) {
            out.putObject("thinking").put("type", "enabled").put("budget_tokens", budget);
        }
        if (!forcedJson && r.outputFormat() instanceof OutputFormat.JsonSchema s) {
            out.putObject("output_config").putObject("format").put("type", "json_schema").set("schema", s.schema());
        }
        sampling(r, budget != null, out);
        ArrayNode stop = Json.array();
        r.stop().stream().filter(s -> !s.isBlank()).forEach(stop::add);
        if (!stop.isEmpty()) {
            out.set("stop_sequences", stop);
        }
        if (r.user() != null && !looksPersonal(r.user())) {
            out.putObject("metadata").put("user_id", r.user());
        }
        if (r.stream()) {
            out.put("stream", true);
        }
        return out;
    }

    private static int clamp(int maxTokens, UpstreamTarget target) {
        return target.maxOutputTokens() != null ? Math.min(maxTokens, target.maxOutputTokens()) : maxTokens;
    }

    /**
     * Temperature above Anthropic's range is clamped; with top_p too, Claude takes one of them, so
     * temperature wins; thinking forbids changing either, and top_k (§7).
     */
    private static void sampling(ModelRequest r, boolean thinking, ObjectNode out) {
        Double temperature = r.temperature() == null ? null : Math.min(Math.max(r.temperature(), 0.0), 1.0);
        Double topP = r.topP();
        Integer topK = r.topK();
        if (thinking) {
            temperature = null;
            topK = null;
            topP = topP != null && topP >= 0.95 ? topP : null;
        }
        if (temperature != null) {
            out.put("temperature", temperature);
        } else if (topP != null) {
            out.put("top_p", topP);
        }
        if (topK != null) {
            out.put("top_k", topK);
        }
    }

    private static ObjectNode toolChoice(ModelRequest r, boolean thinking, TranslationState x) {
        ToolChoice choice = r.toolChoice();
        boolean serial = Boolean.FALSE.equals(r.parallelToolCalls());
        if (choice == null) {
            return serial ? Json.object().put("type", "auto").put("disable_parallel_tool_use", true) : null;
        }
        if (thinking && (choice.mode() == ToolChoice.Mode.ANY || choice.mode() == ToolChoice.Mode.TOOL)) {
            // Claude refuses forced tool use while thinking (case 32).
            choice = ToolChoice.AUTO;
        }
        ObjectNode out = Json.object();
        switch (choice.mode()) {
            case AUTO -> out.put("type", "auto");
            case ANY -> out.put("type", "any");
            case NONE -> out.put("type", "none");
            case TOOL -> out.put("type", "tool").put("name", x.aliases().upstreamName(choice.name()));
        }
        if (serial && choice.mode() != ToolChoice.Mode.NONE) {
            out.put("disable_parallel_tool_use", true);
        }
        return out;
    }

    /** Anthropic rejects a metadata.user_id that looks like an e-mail address or a phone number. */
    private static boolean looksPersonal(String user) {
        return user.contains("@") || LOOKS_LIKE_PHONE.matcher(user).matches();
    }
}
