package io.modelproxy.bench;

import java.time.Duration;

/**
 * How the fake upstream writes a stream.
 *
 * @param oneWrite the whole answer in one write (a fast upstream, or a burst after a stall)
 * @param chunkDelay with a write per event: the pause before each event after the first; zero for none
 */
public record StreamPacing(boolean oneWrite, Duration chunkDelay) {
    public StreamPacing {
        if (chunkDelay.isNegative()) {
            throw new IllegalArgumentException("a chunk delay cannot be negative: " + chunkDelay);
        }
        if (oneWrite && !chunkDelay.isZero()) {
            throw new IllegalArgumentException("a stream in one write has no delay between its events");
        }
    }

    /** Every event in a write of its own, {@code chunkDelay} apart. */
    public static StreamPacing eachEvent(Duration chunkDelay) {
        return new StreamPacing(false, chunkDelay);
    }

    /** The whole answer in one write. */
    public static StreamPacing whole() {
        return new StreamPacing(true, Duration.ZERO);
    }
}
