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

    /**
     * Asks the decoder to hand the text the stream generates and the usage it reports to
     * {@code accounting} as it reads them, before the first frame; true when it does, so the gateway
     * need not scan the client's bytes for them. A decoder that cannot says false (the default).
     */
    default boolean reportsTo(StreamAccounting accounting) {
        return false;
    }

    /** Characters and entries held for the stream; stays bounded (tests probe it). */
    int footprint();
}
