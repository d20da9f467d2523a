package io.modelproxy.translate;

import io.modelproxy.sse.SseFrame;
import java.util.function.Consumer;

/** Turns one upstream stream into neutral events, frame by frame. One instance per stream. */
public interface StreamDecoder {

    /** The neutral events one upstream frame (one with data) carries; its JSON is read from the frame's bytes. */
    void decode(SseFrame frame, Consumer<StreamEvent> sink);

    /**
     * The upstream ended: {@link StreamEvent.Completed} if the dialect allows ending here,
     * {@link StreamEvent.Failed} if it ended too early. Nothing if it already completed.
     */
    void complete(Consumer<StreamEvent> sink);

    /** Characters and entries held for the stream; stays bounded (tests probe it). */
    int footprint();
}
