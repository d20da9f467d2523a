package io.modelproxy.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.api.Protocol;
import io.modelproxy.dialect.ApiError;
import io.modelproxy.sse.SseEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A same-dialect stream: frames go out as they came, except that the frames naming a model (every Chat
 * chunk, Anthropic {@code message_start}, Responses {@code response.*} envelopes) get the client's
 * model id spliced in. Tracks just enough to end a broken stream correctly: whether it completed, the
 * last Responses {@code sequence_number} and response envelope.
 */
final class PassThroughStream implements ClientStream {
    private static final byte[] NONE = new byte[0];
    private static final byte[] DONE = SseEvent.data("[DONE]").toBytes();
    private static final byte[] FINISHED = "\"finish_reason\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final Set<String> RESPONSE_ENVELOPES = Set.of("response.created", "response.in_progress",
            "response.queued", "response.completed", "response.incomplete", "response.failed");
    private static final Set<String> RESPONSE_TERMINALS = Set.of("response.completed", "response.incomplete",
            "response.failed");

    private final Protocol dialect;
    private final String clientModel;
    private final byte[] quotedModel;
    private boolean completed;
    private boolean finishSeen;
    private long sequenceNumber = -1;
    private String lastResponse;

    PassThroughStream(Protocol dialect, String clientModel, byte[] quotedModel) {
        this.dialect = dialect;
        this.clientModel = clientModel;
        this.quotedModel = quotedModel;
    }

    @Override
    public byte[] onFrame(SseFrame frame) {
        SseEvent event = frame.event();
        if (event == null) {
            return frame.raw();
        }
        return switch (dialect) {
            case OpenAIChat, Mock -> chat(frame, event);
            case AnthropicMessages -> anthropic(frame, event);
            case OpenAIResponses -> responses(frame, event);
        };
    }

    private byte[] chat(SseFrame frame, SseEvent event) {
        if (event.isDone()) {
            completed = true;
            return frame.raw();
        }
        byte[] out = withModel(frame, "model");
        if (!finishSeen && (indexOf(out, FINISHED) >= 0 || event.data().startsWith("{\"error\""))) {
            finishSeen = true;
        }
        return out;
    }

    private byte[] anthropic(SseFrame frame, SseEvent event) {
        String name = frame.name();
        if ("message_start".equals(name)) {
            return withModel(frame, "message", "model");
        }
        if ("message_stop".equals(name) || "error".equals(name)) {
            completed = true;
        }
        return frame.raw();
    }

    private byte[] responses(SseFrame frame, SseEvent event) {
        String name = frame.name();
        int[] range = frame.dataRange();
        byte[] json = range == null ? event.data().getBytes(StandardCharsets.UTF_8) : frame.raw();
        int from = range == null ? 0 : range[0];
        int to = range == null ? json.length : range[1];
        long seq = JsonFields.findLong(json, from, to, "sequence_number");
        if (seq >= 0) {
            sequenceNumber = seq;
        }
        if (name == null || !RESPONSE_ENVELOPES.contains(name)) {
            if ("error".equals(name)) {
                completed = true;
            }
            return frame.raw();
        }
        if (RESPONSE_TERMINALS.contains(name)) {
            completed = true;
        } else {
            JsonFields.Span response = JsonFields.find(json, from, to, "response");
            if (response != null) {
                lastResponse = new String(json, response.start(), response.end() - response.start(), StandardCharsets.UTF_8);
            }
        }
        return withModel(frame, "response", "model");
    }

    /** The frame with the string at {@code path} in its data set to the client's model. */
    private byte[] withModel(SseFrame frame, String... path) {
        int[] range = frame.dataRange();
        if (range != null) {
            byte[] raw = frame.raw();
            JsonFields.Span span = JsonFields.findString(raw, range[0], range[1], path);
            return span == null || JsonFields.regionEquals(raw, span, quotedModel) ? raw
                    : JsonFields.replace(raw, span, quotedModel);
        }
        byte[] data = frame.event().data().getBytes(StandardCharsets.UTF_8);
        JsonFields.Span span = JsonFields.findString(data, 0, data.length, path);
        if (span == null) {
            return frame.raw();
        }
        String edited = new String(JsonFields.replace(data, span, quotedModel), StandardCharsets.UTF_8);
        return new SseEvent(frame.event().event(), edited).toBytes();
    }

    @Override
    public byte[] onComplete() {
        if (completed) {
            return NONE;
        }
        if (dialect == Protocol.OpenAIChat && finishSeen) {
            completed = true;
            return DONE;
        }
        return onFailure(new ApiError(502, "api_error", "the upstream stream ended before it completed", null, null));
    }

    @Override
    public byte[] onFailure(ApiError error) {
        if (completed) {
            return NONE;
        }
        completed = true;
        return switch (dialect) {
            case OpenAIChat, Mock -> concat(SseEvent.data(error.toJson(Protocol.OpenAIChat).toString()).toBytes(), DONE);
            case AnthropicMessages -> new SseEvent("error", error.toJson(Protocol.AnthropicMessages).toString()).toBytes();
            case OpenAIResponses -> responseFailed(error);
        };
    }

    private byte[] responseFailed(ApiError error) {
        ObjectNode response = null;
        if (lastResponse != null) {
            try {
                JsonNode parsed = ClientRequest.JSON.readTree(lastResponse);
                response = parsed instanceof ObjectNode o ? o : null;
            } catch (IOException e) {
                response = null;
            }
        }
        if (response == null) {
            response = ClientRequest.JSON.createObjectNode();
            response.put("id", "resp_" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
            response.put("object", "response");
            response.put("created_at", System.currentTimeMillis() / 1000);
            response.putArray("output");
        }
        response.put("model", clientModel);
        response.put("status", "failed");
        ObjectNode err = response.putObject("error");
        err.put("code", error.code() != null ? error.code() : error.status() == 429 ? "rate_limit_exceeded" : "server_error");
        err.put("message", error.message());
        ObjectNode event = ClientRequest.JSON.createObjectNode();
        event.put("type", "response.failed");
        event.put("sequence_number", sequenceNumber + 1);
        event.set("response", response);
        return new SseEvent("response.failed", event.toString()).toBytes();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
