package io.modelproxy.requestlog;

import java.util.List;

/** Somewhere request records go, written by a {@link QueuedSink}'s own thread, never on an event loop. */
interface Sink extends AutoCloseable {
    /** Writes records in order; a failure loses this batch only. */
    void write(List<RequestEntry> batch) throws Exception;

    /** What the warnings and the drop counter call it, e.g. {@code sqlite}. */
    String name();

    @Override
    void close();
}
