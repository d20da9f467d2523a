package io.modelproxy.translate;

import io.modelproxy.sse.SseEvent;
import io.modelproxy.sse.SseFrame;
import java.util.List;

/**
 * Translates one upstream SSE stream into the client's dialect, event by event, holding only the
 * state of the stream (open blocks, tool-call buffers, usage), never the whole response.
 * One instance per stream; called from one thread at a time.
 */
public interface StreamTranslator {

    /** The client events for one upstream event: often one, sometimes none or several. */
    List<SseEvent> onEvent(SseEvent upstream);

    /**
     * The client events for one upstream frame that carries data, as it came off the wire. A
     * translator that reads the frame's bytes itself (no decoded event in between) overrides this.
     */
    default List<SseEvent> onFrame(SseFrame upstream) {
        return onEvent(upstream.event());
    }

    /**
     * The upstream stream ended. Returns the closing events (message_stop, [DONE], response.completed …)
     * exactly once, or the dialect's error events when the upstream ended without completing.
     */
    List<SseEvent> onComplete();

    /** The upstream failed mid-stream (reset, timeout, error frame): the dialect's error events, then nothing more. */
    List<SseEvent> onFailure(ApiError error);

    /** See {@link StreamDecoder#reportsTo}: whether this stream reports its text and usage to {@code accounting} itself. */
    default boolean reportsTo(StreamAccounting accounting) {
        return false;
    }

    /**
     * The error that ended the stream, once one has: an upstream error event or frame, an upstream
     * that ended too early, or {@link #onFailure}. Null while the stream is healthy or after it
     * completed. Lets the gateway fail over instead of sending the error events when nothing has
     * reached the client yet (TRANSLATION.md §3.0 commit barrier, case 13).
     */
    default ApiError failure() {
        return null;
    }
}
