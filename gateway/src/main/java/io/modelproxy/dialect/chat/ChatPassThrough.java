package io.modelproxy.dialect.chat;

import io.modelproxy.sse.FrameEdits;
import io.modelproxy.sse.JsonFields;
import io.modelproxy.sse.SseEvent;
import io.modelproxy.sse.SseFrame;
import io.modelproxy.translate.ApiError;
import io.modelproxy.translate.ClientStream;

/**
 * A Chat stream to a Chat client: every chunk gets the client's model id; a stream that broke off
 * after its finish reason only lacks {@code [DONE]}, otherwise it ends with the error chunk.
 */
final class ChatPassThrough implements ClientStream {
    private static final byte[] NONE = new byte[0];
    private final byte[] quotedModel;
    private boolean completed;
    private boolean finishSeen;

    ChatPassThrough(byte[] quotedModel) {
        this.quotedModel = quotedModel;
    }

    @Override
    public byte[] onFrame(SseFrame frame) {
        if (!frame.hasData()) {
            return frame.raw();
        }
        if (frame.isDone()) {
            completed = true;
            return frame.raw();
        }
        byte[] out = FrameEdits.withString(frame, quotedModel, "model");
        if (!finishSeen) {
            FrameEdits.Data data = FrameEdits.data(frame);
            finishSeen = JsonFields.hasStringMember(data.bytes(), data.from(), data.to(), "finish_reason")
                    || JsonFields.find(data.bytes(), data.from(), data.to(), "error") != null;
        }
        return out;
    }

    @Override
    public byte[] onComplete() {
        if (completed) {
            return NONE;
        }
        if (finishSeen) {
            completed = true;
            return ChatWire.DONE.toBytes();
        }
        return onFailure(ENDED_EARLY);
    }

    @Override
    public byte[] onFailure(ApiError error) {
        if (completed) {
            return NONE;
        }
        completed = true;
        byte[] out = NONE;
        for (SseEvent e : ChatWire.failureEvents(error)) {
            out = FrameEdits.concat(out, e.toBytes());
        }
        return out;
    }
}
