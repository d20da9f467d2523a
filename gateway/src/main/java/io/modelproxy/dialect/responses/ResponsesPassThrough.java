package io.modelproxy.dialect.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.sse.FrameEdits;
import io.modelproxy.sse.JsonFields;
import io.modelproxy.sse.SseEvent;
import io.modelproxy.sse.SseFrame;
import io.modelproxy.translate.ApiError;
import io.modelproxy.translate.SameDialectStream;
import io.modelproxy.translate.Json;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A Responses stream to a Responses client: the {@code response.*} envelopes get the client's model
 * id. Tracks the last {@code sequence_number} and response envelope, so a broken stream ends with a
 * {@code response.failed} that continues both.
 */
final class ResponsesPassThrough extends SameDialectStream {
    private static final Set<String> ENVELOPES = Set.of("response.created", "response.in_progress",
            "response.queued", "response.completed", "response.incomplete", "response.failed");
    private static final Set<String> TERMINALS = Set.of("response.completed", "response.incomplete", "response.failed");

    private final String clientModel;
    private final byte[] quotedModel;
    private long sequenceNumber = -1;
    private String lastResponse;

    ResponsesPassThrough(String clientModel, byte[] quotedModel) {
        this.clientModel = clientModel;
        this.quotedModel = quotedModel;
    }

    @Override
    public byte[] onFrame(SseFrame frame) {
        if (!frame.hasData()) {
            return frame.raw();
        }
        String name = frame.name();
        FrameEdits.Data data = FrameEdits.data(frame);
        long seq = JsonFields.findLong(data.bytes(), data.from(), data.to(), "sequence_number");
        if (seq >= 0) {
            sequenceNumber = seq;
        }
        if (name == null || !ENVELOPES.contains(name)) {
            if ("error".equals(name)) {
                ended();
            }
            return frame.raw();
        }
        if (TERMINALS.contains(name)) {
            ended();
        } else {
            JsonFields.Span response = JsonFields.find(data.bytes(), data.from(), data.to(), "response");
            if (response != null) {
                lastResponse = new String(data.bytes(), response.start(), response.end() - response.start(), StandardCharsets.UTF_8);
            }
        }
        return FrameEdits.withString(frame, quotedModel, "response", "model");
    }

    @Override
    protected byte[] failure(ApiError error) {
        JsonNode parsed = lastResponse == null ? null : Json.parse(lastResponse);
        ObjectNode response = parsed instanceof ObjectNode o ? o : null;
        if (response == null) {
            response = Json.object();
            response.put("id", "resp_" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
            response.put("object", "response");
            response.put("created_at", System.currentTimeMillis() / 1000);
            response.putArray("output");
        }
        response.put("model", clientModel);
        response.put("status", "failed");
        response.set("error", ResponsesObjects.error(error));
        ObjectNode event = Json.object();
        event.put("type", "response.failed");
        event.put("sequence_number", sequenceNumber + 1);
        event.set("response", response);
        return new SseEvent("response.failed", event.toString()).toBytes();
    }
}
