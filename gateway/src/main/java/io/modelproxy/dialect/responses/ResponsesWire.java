package io.modelproxy.dialect.responses;

import io.modelproxy.translate.StreamAccounting;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.dialect.openai.OpenAiErrors;
import io.modelproxy.dialect.openai.OpenAiWire;
import io.modelproxy.sse.SseEvent;
import io.modelproxy.sse.SseFrame;
import io.modelproxy.translate.AnswerFlag;
import io.modelproxy.translate.ClientStream;
import io.modelproxy.translate.Json;
import io.modelproxy.translate.StreamSignal;
import io.modelproxy.translate.SystemPromptEdits;
import io.modelproxy.translate.UpstreamStreamError;
import java.util.Iterator;

/** OpenAI Responses on the wire: {@code POST /responses}, named {@code response.*} SSE events. */
public final class ResponsesWire extends OpenAiWire {

    public ResponsesWire() {
        super(new ResponsesCodec(), "/responses");
    }

    @Override
    public StreamSignal classify(SseFrame frame) {
        return switch (frame.event().type()) {
            case "error", "response.failed" -> StreamSignal.ERROR;
            case "response.created", "response.in_progress", "response.queued" -> StreamSignal.PREAMBLE;
            case "response.completed", "response.incomplete" -> StreamSignal.TERMINAL;
            default -> StreamSignal.CONTENT;
        };
    }

    /** An {@code error} event, or {@code response.failed} with the error inside its response. */
    @Override
    public UpstreamStreamError streamError(SseEvent event) {
        JsonNode root = Json.parse(event.data());
        JsonNode error = root == null ? null : root.get("error");
        if (root != null && root.isObject() && (error == null || !error.isObject())) {
            JsonNode inResponse = root.path("response").path("error");
            ObjectNode flat = Json.object();
            flat.set("code", inResponse.isObject() ? inResponse.get("code") : root.get("code"));
            flat.set("message", inResponse.isObject() ? inResponse.get("message") : root.get("message"));
            flat.set("param", root.get("param"));
            error = flat;
        }
        return UpstreamStreamError.of(error, event.data(), OpenAiErrors::status);
    }

    @Override
    public ClientStream passThrough(String clientModel, byte[] quotedModel, StreamAccounting accounting,
            boolean hideUsage) {
        return new ResponsesPassThrough(clientModel, quotedModel);
    }

    /** {@code instructions} and system or developer input items; the appended text ends {@code instructions}. */
    @Override
    public void placeSystemPrompt(ObjectNode body, SystemPromptEdits edits) {
        String instructions = Json.text(body, "instructions");
        if (instructions != null) {
            body.put("instructions", edits.replaced(instructions));
        }
        for (JsonNode item : Json.items(body, "input")) {
            if (SystemPromptEdits.isSystemRole(item)) {
                edits.replaceInContent((ObjectNode) item);
            }
        }
        if (edits.append() != null) {
            body.put("instructions", edits.appendedTo(instructions != null ? body.get("instructions").asText() : null));
        }
    }

    /** Message items in {@code input}; an input given as a string becomes the first user item. */
    @Override
    public void appendCorrection(ObjectNode body, String replyText, String correction) {
        JsonNode input = body.get("input");
        ArrayNode items = input instanceof ArrayNode a ? a : body.putArray("input");
        if (input != null && input.isTextual()) {
            items.addObject().put("type", "message").put("role", "user").put("content", input.asText());
        }
        if (!replyText.isBlank()) {
            ObjectNode reply = items.addObject().put("type", "message").put("role", "assistant");
            reply.putArray("content").addObject().put("type", "output_text").put("text", replyText);
        }
        ObjectNode turn = items.addObject().put("type", "message").put("role", "user");
        turn.putArray("content").addObject().put("type", "input_text").put("text", correction);
    }

    /** The output text parts of the answer's message items; a message left without parts goes. */
    @Override
    public void stripFromAnswer(ObjectNode answer, AnswerFlag flag) {
        for (Iterator<JsonNode> items = AnswerFlag.elements(answer.get("output")).iterator(); items.hasNext(); ) {
            JsonNode item = items.next();
            if ("message".equals(item.path("type").asText()) && item.get("content") instanceof ArrayNode parts
                    && !parts.isEmpty()) {
                flag.stripFromParts(parts, "output_text");
                if (parts.isEmpty()) {
                    items.remove();
                }
            }
        }
    }
}
