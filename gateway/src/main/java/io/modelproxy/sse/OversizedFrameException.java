package io.modelproxy.sse;

/** An upstream SSE frame grew past {@link SseFrames#MAX_FRAME_BYTES} without ending: the stream is broken. */
public final class OversizedFrameException extends RuntimeException {
    OversizedFrameException(int limit) {
        super("an upstream event exceeded " + limit + " bytes without ending");
    }
}
