package io.modelproxy.dialect.chat;

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
import io.modelproxy.translate.TranslationException;
import io.modelproxy.translate.UpstreamTarget;
import io.modelproxy.translate.Usage;
import java.util.ArrayList;
import java.util.List;

/** OpenAI Chat Completions responses: read from an upstream, written for a client (TRANSLATION.md §2). */
final class ChatResponses implements ComposedCodec.Responses {

    // ---------------------------------------------------------------- upstream → neutral

    @Override
    public ModelResponse decode(ObjectNode body, TranslationState x) throws TranslationException {
        if (Json.has(body, "error")) {
            throw new TranslationException(ApiError.fromUpstream(502, Json.write(body).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        List<JsonNode> choices = Json.items(body, "choices");
        if (choices.isEmpty()) {
            throw new TranslationException(new ApiError(502, "api_error", "upstream answered without choices", null, null));
        }
        JsonNode choice = choices.get(0);
        ObjectNode message = Json.obj(choice, "message");
        List<Part> content = new ArrayList<>();
        // Anthropic order: thinking, text, tool calls (envoy).
        String reasoning = reasoningText(message);
        if (reasoning != null && !reasoning.isEmpty()) {
            content.add(new Part.Thinking(reasoning, null));
        }
        for (JsonNode block : Json.items(message, "thinking_blocks")) {
            content.add(new Part.Thinking(Json.textOr(block, "thinking", ""),
                    ThinkingSignature.fromAnthropicClient(Json.text(block, "signature"))));
        }
        JsonNode text = message == null ? null : message.get("content");
        if (text != null && text.isTextual() && !text.asText().isEmpty()) {
            content.add(new Part.Text(text.asText()));
        } else if (text != null && text.isArray()) {
            text.forEach(p -> {
                String t = Json.text(p, "text");
                if (t != null && !t.isEmpty()) {
                    content.add(new Part.Text(t));
                }
            });
        }
        String refusal = Json.text(message, "refusal");
        boolean refused = refusal != null && !refusal.isEmpty();
        if (refused) {
            content.add(new Part.Text(refusal));
        }
        for (JsonNode call : Json.items(message, "tool_calls")) {
            ObjectNode function = Json.obj(call, "function");
            content.add(new Part.ToolCall(x.aliases().clientId(Json.text(call, "id")),
                    x.aliases().clientName(Json.text(function, "name")), Json.textOr(function, "arguments", "")));
        }
        StopReason reason = refused ? StopReason.REFUSAL : finishReason(Json.text(choice, "finish_reason"));
        return new ModelResponse(content, reason, null, usage(Json.obj(body, "usage")));
    }

    /** DeepSeek, Qwen, vLLM and others send reasoning as {@code reasoning_content} or {@code reasoning}. */
    static String reasoningText(JsonNode delta) {
        String reasoning = Json.text(delta, "reasoning_content");
        return reasoning != null ? reasoning : Json.text(delta, "reasoning");
    }

    static StopReason finishReason(String reason) {
        if (reason == null) {
            return StopReason.END_TURN;
        }
        return switch (reason) {
            case "length" -> StopReason.MAX_TOKENS;
            case "tool_calls", "function_call" -> StopReason.TOOL_USE;
            case "content_filter" -> StopReason.REFUSAL;
            default -> StopReason.END_TURN;
        };
    }

    static String finishReason(StopReason reason) {
        return switch (reason) {
            case TOOL_USE -> "tool_calls";
            case MAX_TOKENS, CONTEXT_WINDOW_EXCEEDED -> "length";
            case REFUSAL -> "content_filter";
            // pause_turn: the turn is unfinished and the client must resend; Chat has no better word (case 27).
            case END_TURN, STOP_SEQUENCE, PAUSE_TURN -> "stop";
        };
    }

    /** Chat usage; cache writes come only as vendor extensions under several names (§0 C). */
    static Usage usage(ObjectNode u) {
        if (u == null) {
            return Usage.ZERO;
        }
        ObjectNode prompt = Json.obj(u, "prompt_tokens_details");
        ObjectNode completion = Json.obj(u, "completion_tokens_details");
        long cacheWrite = 0;
        for (String field : new String[] {"cache_creation_tokens", "cache_write_tokens"}) {
            cacheWrite = Math.max(cacheWrite, Json.longOr(prompt, field, 0));
        }
        for (String field : new String[] {"cache_creation_tokens", "cached_creation_tokens", "cache_write_tokens"}) {
            cacheWrite = Math.max(cacheWrite, Json.longOr(u, field, 0));
        }
        Long reasoning = completion != null && completion.has("reasoning_tokens") ? Long.valueOf(Json.longOr(completion, "reasoning_tokens", 0)) : null;
        return Usage.fromPromptTotal(Json.longOr(u, "prompt_tokens", 0), Json.longOr(prompt, "cached_tokens", 0),
                cacheWrite, Json.longOr(u, "completion_tokens", 0), reasoning);
    }

    // ---------------------------------------------------------------- neutral → client

    @Override
    public ObjectNode encode(ModelResponse r, UpstreamTarget target, TranslationState x) {
        ObjectNode out = Json.object()
                .put("id", x.ids().newId("chatcmpl-"))
                .put("object", "chat.completion")
                .put("created", x.ids().epochSeconds())
                .put("model", target.clientModel());
        ObjectNode choice = out.putArray("choices").addObject().put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        ArrayNode calls = Json.array();
        for (Part p : r.content()) {
            switch (p) {
                case Part.Text t -> text.append(t.text());
                case Part.Thinking t -> reasoning.append(t.text());
                case Part.ToolCall c -> {
                    ObjectNode call = calls.addObject().put("id", c.id()).put("type", "function");
                    call.putObject("function").put("name", c.name())
                            .put("arguments", c.arguments() == null || c.arguments().isEmpty() ? "{}" : c.arguments());
                }
                default -> { }
            }
        }
        if (text.isEmpty()) {
            message.putNull("content");
        } else {
            message.put("content", text.toString());
        }
        if (!reasoning.isEmpty()) {
            message.put("reasoning_content", reasoning.toString());
        }
        if (!calls.isEmpty()) {
            message.set("tool_calls", calls);
        }
        message.putNull("refusal");
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason(r.stopReason().reconcile(r.hasToolCalls())));
        out.set("usage", usageJson(r.usage()));
        return out;
    }

    static ObjectNode usageJson(Usage u) {
        ObjectNode out = Json.object()
                .put("prompt_tokens", u.promptTotal())
                .put("completion_tokens", u.output())
                .put("total_tokens", u.total());
        out.putObject("prompt_tokens_details").put("cached_tokens", u.cacheRead());
        out.putObject("completion_tokens_details").put("reasoning_tokens", u.reasoning() == null ? 0 : u.reasoning());
        return out;
    }
}
