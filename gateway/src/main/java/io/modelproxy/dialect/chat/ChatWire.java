package io.modelproxy.dialect.chat;

import io.modelproxy.translate.StreamAccounting;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.dialect.openai.OpenAiErrors;
import io.modelproxy.dialect.openai.OpenAiWire;
import io.modelproxy.sse.SseEvent;
import io.modelproxy.translate.ApiError;
import io.modelproxy.translate.AnswerFlag;
import io.modelproxy.translate.ClientStream;
import io.modelproxy.translate.Json;
import io.modelproxy.translate.StreamSignal;
import io.modelproxy.translate.SystemPromptEdits;
import io.modelproxy.translate.UpstreamStreamError;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** OpenAI Chat Completions on the wire: {@code POST /chat/completions}, data-only SSE chunks ending in {@code [DONE]}. */
public final class ChatWire extends OpenAiWire {
    static final SseEvent DONE = SseEvent.data("[DONE]");

    public ChatWire() {
        super(new ChatCodec(), "/chat/completions");
    }

    /** Role-only and empty chunks are preamble; a chunk with content, a finish reason or usage commits. */
    @Override
    public StreamSignal classify(SseEvent event) {
        if (event.isDone()) {
            return StreamSignal.TERMINAL;
        }
        JsonNode chunk = Json.parse(event.data());
        if (chunk == null || !chunk.isObject()) {
            return StreamSignal.CONTENT;
        }
        if (chunk.has("error")) {
            return StreamSignal.ERROR;
        }
        JsonNode choices = chunk.path("choices");
        if (choices.isEmpty()) {
            return chunk.path("usage").isObject() ? StreamSignal.CONTENT : StreamSignal.PREAMBLE;
        }
        for (JsonNode choice : choices) {
            if (!choice.path("finish_reason").isNull() && !choice.path("finish_reason").isMissingNode()) {
                return StreamSignal.CONTENT;
            }
            Iterator<Map.Entry<String, JsonNode>> fields = choice.path("delta").properties().iterator();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                JsonNode v = f.getValue();
                boolean empty = v.isNull() || (v.isTextual() && v.asText().isEmpty()) || (v.isContainerNode() && v.isEmpty());
                if (!"role".equals(f.getKey()) && !empty) {
                    return StreamSignal.CONTENT;
                }
            }
        }
        return StreamSignal.PREAMBLE;
    }

    @Override
    public UpstreamStreamError streamError(SseEvent event) {
        JsonNode root = Json.parse(event.data());
        return UpstreamStreamError.of(root == null ? null : root.get("error"), event.data(), OpenAiErrors::status);
    }

    /** A Chat stream reports usage only when {@code stream_options.include_usage} asks for it. */
    @Override
    public boolean reportsStreamUsage() {
        return false;
    }

    @Override
    public ClientStream passThrough(String clientModel, byte[] quotedModel, StreamAccounting accounting,
            boolean hideUsage) {
        return new ChatPassThrough(quotedModel, accounting, hideUsage);
    }

    /** The end of a failed stream: the error object as a chunk, then {@code [DONE]}. */
    static List<SseEvent> failureEvents(ApiError error) {
        return List.of(SseEvent.data(Json.write(OpenAiErrors.body(error))), DONE);
    }

    /** System and developer messages; the appended text ends the leading run of them (or starts one). */
    @Override
    public void placeSystemPrompt(ObjectNode body, SystemPromptEdits edits) {
        ObjectNode lastLeading = null;
        boolean leading = true;
        for (JsonNode m : Json.items(body, "messages")) {
            boolean system = SystemPromptEdits.isSystemRole(m);
            if (system) {
                edits.replaceInContent((ObjectNode) m);
                if (leading) {
                    lastLeading = (ObjectNode) m;
                }
            }
            leading &= system;
        }
        if (edits.append() == null) {
            return;
        }
        if (lastLeading != null) {
            edits.appendToContent(lastLeading);
        } else if (body.get("messages") instanceof ArrayNode messages) {
            messages.insertObject(0).put("role", "system").put("content", edits.append());
        }
    }

    /** Plain-text assistant and user messages. */
    @Override
    public void appendCorrection(ObjectNode body, String replyText, String correction) {
        ArrayNode messages = body.get("messages") instanceof ArrayNode a ? a : body.putArray("messages");
        if (!replyText.isBlank()) {
            messages.addObject().put("role", "assistant").put("content", replyText);
        }
        messages.addObject().put("role", "user").put("content", correction);
    }

    /** Each choice's message content (a string or text parts); content left empty beside tool calls becomes null. */
    @Override
    public void stripFromAnswer(ObjectNode answer, AnswerFlag flag) {
        for (JsonNode choice : AnswerFlag.elements(answer.get("choices"))) {
            if (choice.get("message") instanceof ObjectNode message) {
                JsonNode content = message.get("content");
                if (content != null && content.isTextual() && flag.in(content.asText())) {
                    String text = flag.strippedFrom(content.asText());
                    if (text.isEmpty() && message.has("tool_calls")) {
                        message.putNull("content");
                    } else {
                        message.put("content", text);
                    }
                } else {
                    flag.stripFromParts(content, "text");
                }
            }
        }
    }
}
