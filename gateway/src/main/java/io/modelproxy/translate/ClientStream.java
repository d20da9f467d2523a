package io.modelproxy.translate;

import io.modelproxy.sse.SseFrame;

/**
 * Turns upstream SSE frames into the bytes a client receives, in the client's dialect. One instance
 * per committed stream, called from one thread.
 */
public interface ClientStream {

    /** What a client is told when its upstream stream stopped without its dialect's end. */
    ApiError ENDED_EARLY = new ApiError(502, "api_error", "the upstream stream ended before it completed", null, null);

    /** The client bytes for one upstream frame (possibly none). */
    byte[] onFrame(SseFrame frame);

    /** The upstream ended cleanly: closing bytes, or an error event when it ended before completing. */
    byte[] onComplete();

    /** The upstream failed after commit: the dialect's error event(s), then nothing more. */
    byte[] onFailure(ApiError error);
}
