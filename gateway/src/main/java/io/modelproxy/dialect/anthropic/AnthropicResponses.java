package io.modelproxy.dialect.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.translate.ComposedCodec;
import io.modelproxy.translate.ApiError;
import io.modelproxy.translate.TranslationState;
import io.modelproxy.translate.Json;
import io.modelproxy.translate.ModelResponse;
import io.modelproxy.translate.Part;
import io.modelproxy.translate.StopReason;
import io.modelproxy.translate.ThinkingSignature;
import io.modelproxy.translate.ToolAliases;
import io.modelproxy.translate.TranslationException;
import io.modelproxy.translate.UpstreamTarget;
import io.modelproxy.translate.Usage;
import java.util.ArrayList;
import java.util.List;

/** Anthropic Messages responses: read from an upstream, written for a client (TRANSLATION.md §2). */
final class AnthropicResponses implements ComposedCodec.Responses {

    // ---------------------------------------------------------------- upstream → neutral

    @Override
    public ModelResponse decode(ObjectNode body, TranslationState x) throws TranslationException {
        if ("error".equals(Json.text(body, "type"))) {
            throw new TranslationException(AnthropicErrors.fromEvent(body));
        }
        if (!body.has("content")) {
            throw new TranslationException(new ApiError(502, "api_error", "upstream answered without content", null, null));
        }
        List<Part> content = new ArrayList<>();
        boolean jsonTool = false;
        for (JsonNode block : Json.items(body, "content")) {
            switch (Json.textOr(block, "type", "")) {
                case "text" -> content.add(new Part.Text(Json.textOr(block, "text", "")));
                case "thinking" -> content.add(new Part.Thinking(Json.textOr(block, "thinking", ""),
                        signature(Json.text(block, "signature"))));
                case "redacted_thinking" -> content.add(new Part.RedactedThinking(Json.textOr(block, "data", "")));
                case "tool_use" -> {
                    String name = Json.text(block, "name");
                    String arguments = Json.write(block.hasNonNull("input") ? block.get("input") : Json.object());
                    if (name != null && name.equals(x.forcedJsonTool())) {
                        // The stand-in for structured output: its input is the answer (case 57).
                        content.add(new Part.Text(arguments));
                        jsonTool = true;
                    } else {
                        content.add(new Part.ToolCall(x.aliases().clientId(Json.text(block, "id")),
                                x.aliases().clientName(name), arguments));
                    }
                }
                default -> { } // server tool blocks have no counterpart in OpenAI dialects
            }
        }
        StopReason reason = stopReason(Json.text(body, "stop_reason"));
        if (jsonTool && reason == StopReason.TOOL_USE) {
            reason = StopReason.END_TURN;
        }
        return new ModelResponse(content, reason, Json.text(body, "stop_sequence"), usage(Json.obj(body, "usage"), Usage.ZERO));
    }

    private static ThinkingSignature signature(String signature) {
        return signature == null || signature.isEmpty() ? null : ThinkingSignature.anthropic(signature);
    }

    static StopReason stopReason(String reason) {
        if (reason == null) {
            return StopReason.END_TURN;
        }
        return switch (reason) {
            case "max_tokens" -> StopReason.MAX_TOKENS;
            case "stop_sequence" -> StopReason.STOP_SEQUENCE;
            case "tool_use" -> StopReason.TOOL_USE;
            case "pause_turn" -> StopReason.PAUSE_TURN;
            case "refusal" -> StopReason.REFUSAL;
            case "model_context_window_exceeded" -> StopReason.CONTEXT_WINDOW_EXCEEDED;
            default -> StopReason.END_TURN;
        };
    }

    static String stopReason(StopReason reason) {
        return switch (reason) {
            case END_TURN -> "end_turn";
            case STOP_SEQUENCE -> "stop_sequence";
            case MAX_TOKENS -> "max_tokens";
            case TOOL_USE -> "tool_use";
            case PAUSE_TURN -> "pause_turn";
            case REFUSAL -> "refusal";
            case CONTEXT_WINDOW_EXCEEDED -> "model_context_window_exceeded";
        };
    }

    /** Anthropic usage over {@code base}: fields the object lacks keep their earlier values. */
    static Usage usage(ObjectNode u, Usage base) {
        if (u == null) {
            return base;
        }
        ObjectNode details = Json.obj(u, "output_tokens_details");
        Long thinking = details != null && details.has("thinking_tokens") ? Long.valueOf(Json.longOr(details, "thinking_tokens", 0)) : base.reasoning();
        return new Usage(
                Json.longOr(u, "input_tokens", base.input()),
                Json.longOr(u, "cache_read_input_tokens", base.cacheRead()),
                Json.longOr(u, "cache_creation_input_tokens", base.cacheCreation()),
                Json.longOr(u, "output_tokens", base.output()),
                thinking);
    }

    // ---------------------------------------------------------------- neutral → client

    @Override
    public ObjectNode encode(ModelResponse r, UpstreamTarget target, TranslationState x) {
        ObjectNode out = Json.object();
        out.put("id", x.ids().newId("msg_"));
        out.put("type", "message");
        out.put("role", "assistant");
        out.put("model", target.clientModel());
        ArrayNode content = out.putArray("content");
        for (Part p : r.content()) {
            switch (p) {
                case Part.Text t when !t.text().isEmpty() -> content.addObject().put("type", "text").put("text", t.text());
                case Part.Thinking t -> content.addObject().put("type", "thinking").put("thinking", t.text())
                        .put("signature", t.signature() == null ? "" : t.signature().forAnthropicClient());
                case Part.RedactedThinking d -> content.addObject().put("type", "redacted_thinking").put("data", d.data());
                case Part.ToolCall c -> {
                    ObjectNode b = content.addObject().put("type", "tool_use")
                            .put("id", ToolAliases.rewrite(c.id())).put("name", c.name());
                    b.set("input", Json.argumentsObject(c.arguments()));
                }
                default -> { }
            }
        }
        out.put("stop_reason", stopReason(r.stopReason().reconcile(r.hasToolCalls())));
        if (r.stopSequence() != null) {
            out.put("stop_sequence", r.stopSequence());
        } else {
            out.putNull("stop_sequence");
        }
        out.set("usage", usageJson(r.usage()));
        return out;
    }

    static ObjectNode usageJson(Usage u) {
        return Json.object()
                .put("input_tokens", u.input())
                .put("cache_creation_input_tokens", u.cacheCreation())
                .put("cache_read_input_tokens", u.cacheRead())
                .put("output_tokens", u.output());
    }
}
