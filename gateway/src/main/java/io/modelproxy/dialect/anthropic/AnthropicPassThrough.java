package io.modelproxy.dialect.anthropic;

import io.modelproxy.sse.FrameEdits;
import io.modelproxy.sse.SseFrame;
import io.modelproxy.translate.ApiError;
import io.modelproxy.translate.SameDialectStream;

/** An Anthropic stream to an Anthropic client: {@code message_start} gets the client's model id; a broken stream ends with an error event. */
final class AnthropicPassThrough extends SameDialectStream {
    private final byte[] quotedModel;

    AnthropicPassThrough(byte[] quotedModel) {
        this.quotedModel = quotedModel;
    }

    @Override
    public byte[] onFrame(SseFrame frame) {
        if (frame.named("message_start")) {
            return FrameEdits.withString(frame, quotedModel, "message", "model");
        }
        if (frame.named("message_stop") || frame.named("error")) {
            ended();
        }
        return frame.raw();
    }

    @Override
    protected byte[] failure(ApiError error) {
        return AnthropicWire.failureEvent(error).toBytes();
    }
}
