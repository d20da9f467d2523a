package io.modelproxy.translate;

import io.modelproxy.sse.SseEvent;
import java.util.List;

/**
 * Writes one client stream from neutral events. Ignores everything after the stream completed or
 * failed, so the client sees exactly one ending. One instance per stream.
 */
public interface StreamEncoder {

    void encode(StreamEvent event, List<SseEvent> out);

    /** Characters and entries held for the stream; stays bounded (tests probe it). */
    int footprint();
}
