package io.modelproxy.dialect.chat;

import static io.modelproxy.sse.JsonFields.ascii;

import io.modelproxy.translate.StreamAccounting;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.dialect.openai.OpenAiErrors;
import io.modelproxy.dialect.openai.OpenAiWire;
import io.modelproxy.sse.FrameEdits;
import io.modelproxy.sse.SseEvent;
import io.modelproxy.sse.SseFrame;
import io.modelproxy.translate.ApiError;
import io.modelproxy.translate.AnswerFlag;
import io.modelproxy.translate.ClientStream;
import io.modelproxy.translate.Json;
import io.modelproxy.translate.StreamSignal;
import io.modelproxy.translate.SystemPromptEdits;
import io.modelproxy.translate.UpstreamStreamError;
import io.modelproxy.sse.JsonCursor;
import java.util.List;

/** OpenAI Chat Completions on the wire: {@code POST /chat/completions}, data-only SSE chunks ending in {@code [DONE]}. */
public final class ChatWire extends OpenAiWire {
    static final SseEvent DONE = SseEvent.data("[DONE]");
    private static final byte[] ERROR = ascii("error");
    private static final byte[] USAGE = ascii("usage");
    private static final byte[] CHOICES = ascii("choices");
    private static final byte[] FINISH_REASON = ascii("finish_reason");
    private static final byte[] DELTA = ascii("delta");
    private static final byte[] ROLE = ascii("role");

    public ChatWire() {
        super(new ChatCodec(), "/chat/completions");
    }

    /**
     * Role-only and empty chunks are preamble; a chunk with content, a finish reason or usage commits,
     * and so does one that is not readable JSON (the client is to see it). Read on the chunk's bytes.
     */
    @Override
    public StreamSignal classify(SseFrame frame) {
        if (frame.isDone()) {
            return StreamSignal.TERMINAL;
        }
        FrameEdits.Data data = FrameEdits.data(frame);
        ChunkSignal chunk = new ChunkSignal(data.bytes());
        if (!JsonCursor.readObject(data.bytes(), data.from(), data.to(), chunk::member)) {
            return StreamSignal.CONTENT;
        }
        if (chunk.error) {
            return StreamSignal.ERROR;
        }
        if (chunk.choices == 0) {
            return chunk.usage ? StreamSignal.CONTENT : StreamSignal.PREAMBLE;
        }
        return chunk.choices == 2 ? StreamSignal.CONTENT : StreamSignal.PREAMBLE;
    }

    /** What a chunk's top-level members say about the commit point. */
    private static final class ChunkSignal {
        private final byte[] bytes;
        boolean error;
        boolean usage;
        /** 0: none or empty, 1: preamble only, 2: content. */
        int choices;

        ChunkSignal(byte[] bytes) {
            this.bytes = bytes;
        }

        void member(JsonCursor json) {
            if (json.keyIs(ERROR)) {
                error = true;
            } else if (json.keyIs(USAGE)) {
                usage = json.valueType() == '{';
            } else if (json.keyIs(CHOICES)) {
                choices = choices(json, bytes);
            }
        }
    }

    /** 0 when {@code choices} holds nothing, 2 when a choice has a finish reason or a delta member other than an empty role, else 1. */
    private static int choices(JsonCursor json, byte[] bytes) {
        boolean array = json.enterArray();
        if (!array && !json.enterObject()) {
            return 0;
        }
        int seen = 0;
        while (array ? json.nextElement() : json.nextMember()) {
            seen = Math.max(seen, 1);
            if (json.enterObject() && choice(json, bytes)) {
                seen = 2;
            }
        }
        return seen;
    }

    /** Reads a choice to its end; whether it carries anything but an (empty) role. */
    private static boolean choice(JsonCursor json, byte[] bytes) {
        boolean content = false;
        while (json.nextMember()) {
            if (json.keyIs(FINISH_REASON)) {
                content |= !json.isNull();
            } else if (json.keyIs(DELTA) && json.enterObject()) {
                while (json.nextMember()) {
                    if (!json.keyIs(ROLE) && !emptyValue(json, bytes)) {
                        content = true;
                    }
                }
            }
        }
        return content;
    }

    /** Whether the value is null, "", {} or [] (and consumes it). */
    private static boolean emptyValue(JsonCursor json, byte[] bytes) {
        byte type = json.valueType();
        int start = json.valueStart();
        int end = json.skipValue();
        if (type == 'n') {
            return true;
        }
        if (type != '"' && type != '{' && type != '[') {
            return false;
        }
        int i = start + 1;
        while (type != '"' && i < end - 1 && (bytes[i] == ' ' || bytes[i] == '\n' || bytes[i] == '\r' || bytes[i] == '\t')) {
            i++;
        }
        return i == end - 1;
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
