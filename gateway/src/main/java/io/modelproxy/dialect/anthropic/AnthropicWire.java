package io.modelproxy.dialect.anthropic;

import io.modelproxy.translate.StreamAccounting;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.sse.SseEvent;
import io.modelproxy.sse.SseFrame;
import io.modelproxy.translate.ApiError;
import io.modelproxy.translate.AnswerFlag;
import io.modelproxy.translate.ClientStream;
import io.modelproxy.translate.DialectCodec;
import io.modelproxy.translate.DialectWire;
import io.modelproxy.translate.Json;
import io.modelproxy.translate.StreamSignal;
import io.modelproxy.translate.SystemPromptEdits;
import io.modelproxy.translate.UpstreamStreamError;

/** Anthropic Messages on the wire: {@code POST /messages}, named SSE events from {@code message_start} to {@code message_stop}. */
public final class AnthropicWire implements DialectWire {
    private final AnthropicCodec codec = new AnthropicCodec();

    @Override
    public DialectCodec codec() {
        return codec;
    }

    @Override
    public String generationPath() {
        return "/messages";
    }

    @Override
    public StreamSignal classify(SseFrame frame) {
        return switch (frame.event().type()) {
            case "error" -> StreamSignal.ERROR;
            case "message_start", "ping" -> StreamSignal.PREAMBLE;
            case "message_stop" -> StreamSignal.TERMINAL;
            default -> StreamSignal.CONTENT;
        };
    }

    @Override
    public UpstreamStreamError streamError(SseEvent event) {
        JsonNode root = Json.parse(event.data());
        return UpstreamStreamError.of(root == null ? null : root.get("error"), event.data(), AnthropicErrors::status);
    }

    @Override
    public ClientStream passThrough(String clientModel, byte[] quotedModel, StreamAccounting accounting,
            boolean hideUsage) {
        return new AnthropicPassThrough(quotedModel);
    }

    /** The end of a failed stream: an {@code error} event. */
    static SseEvent failureEvent(ApiError error) {
        return new SseEvent("error", Json.write(AnthropicErrors.body(error)));
    }

    @Override
    public int clientStatus(ApiError error) {
        return error.status();
    }

    @Override
    public ObjectNode errorBody(ApiError error) {
        return AnthropicErrors.body(error);
    }

    /** The top-level {@code system} (a string or text blocks) and system entries inside {@code messages}. */
    @Override
    public void placeSystemPrompt(ObjectNode body, SystemPromptEdits edits) {
        JsonNode system = body.get("system");
        if (system != null && system.isTextual()) {
            body.put("system", edits.replaced(system.asText()));
        } else if (system instanceof ArrayNode blocks) {
            edits.replaceInParts(blocks);
        }
        for (JsonNode m : Json.items(body, "messages")) {
            if ("system".equals(Json.text(m, "role"))) {
                edits.replaceInContent((ObjectNode) m);
            }
        }
        if (edits.append() == null) {
            return;
        }
        system = body.get("system");
        if (system instanceof ArrayNode blocks) {
            blocks.addObject().put("type", "text").put("text", edits.append());
        } else {
            body.put("system", edits.appendedTo(system != null && system.isTextual() ? system.asText() : null));
        }
    }

    /** Messages whose content is text blocks. */
    @Override
    public void appendCorrection(ObjectNode body, String replyText, String correction) {
        ArrayNode messages = body.get("messages") instanceof ArrayNode a ? a : body.putArray("messages");
        if (!replyText.isBlank()) {
            ObjectNode reply = messages.addObject().put("role", "assistant");
            reply.putArray("content").addObject().put("type", "text").put("text", replyText);
        }
        messages.addObject().put("role", "user").putArray("content").addObject().put("type", "text").put("text", correction);
    }

    /** The answer's text content blocks. */
    @Override
    public void stripFromAnswer(ObjectNode answer, AnswerFlag flag) {
        flag.stripFromParts(answer.get("content"), "text");
    }
}
