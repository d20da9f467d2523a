package io.modelproxy.requestlog;

/**
 * What happens to requests, as metrics count it: told by each {@link RequestTrace} as it goes. Called on
 * event loops and the blocking executor; implementations are thread-safe and never block.
 */
public interface RequestEvents {
    /** An attempt moved on from one route to another of the same request. */
    void fallback(String logicalModel, String fromRoute, String toRoute);

    /**
     * A key started cooling down.
     *
     * @param key the key's name ({@code secret/key}), never its value
     * @param status the upstream status that caused it
     * @param wholeProvider suspended for every model of the provider, not just the route's
     */
    void cooldown(String provider, String key, int status, boolean wholeProvider);

    /** A streamed answer started reaching its client. */
    void streamStarted();

    /** A streamed answer that {@link #streamStarted() started} ended, however. */
    void streamEnded();

    /** The request is over; its record. */
    void finished(RequestEntry entry);
}
