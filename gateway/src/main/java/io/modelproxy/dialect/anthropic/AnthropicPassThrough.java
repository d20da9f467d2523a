package io.modelproxy.dialect.anthropic;

import io.modelproxy.sse.FrameEdits;
import io.modelproxy.sse.SseFrame;
import io.modelproxy.translate.ApiError;
import io.modelproxy.translate.ClientStream;

/** An Anthropic stream to an Anthropic client: {@code message_start} gets the client's model id; a broken stream ends with an error event. */
final class AnthropicPassThrough implements ClientStream {
    private static final byte[] NONE = new byte[0];
    private final byte[] quotedModel;
    private boolean completed;

    AnthropicPassThrough(byte[] quotedModel) {
        this.quotedModel = quotedModel;
    }

    @Override
    public byte[] onFrame(SseFrame frame) {
        if (frame.named("message_start")) {
            return FrameEdits.withString(frame, quotedModel, "message", "model");
        }
        if (frame.named("message_stop") || frame.named("error")) {
            completed = true;
        }
        return frame.raw();
    }

    @Override
    public byte[] onComplete() {
        return completed ? NONE
                : onFailure(ENDED_EARLY);
    }

    @Override
    public byte[] onFailure(ApiError error) {
        if (completed) {
            return NONE;
        }
        completed = true;
        return AnthropicWire.failureEvent(error).toBytes();
    }
}
