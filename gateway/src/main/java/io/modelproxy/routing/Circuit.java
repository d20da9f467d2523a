package io.modelproxy.routing;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A short circuit for one route (provider + upstream model): after {@value #THRESHOLD} fall-back
 * failures in a row the route is skipped for {@value #OPEN_MILLIS} ms; the first attempt after that
 * either closes it (success) or opens it again at once (failure).
 */
public final class Circuit {
    static final int THRESHOLD = 3;
    static final long OPEN_MILLIS = 30_000;

    private final AtomicInteger failures = new AtomicInteger();
    private volatile long openUntil;

    /** True while the route should be skipped. */
    public boolean isOpen(long now) {
        return openUntil > now;
    }

    /** When the circuit closes again (epoch millis), in the past when it is closed. */
    public long openUntil() {
        return openUntil;
    }

    /** Consecutive failures counted towards opening. */
    public int failures() {
        return failures.get();
    }

    public void recordFailure(long now) {
        if (failures.incrementAndGet() >= THRESHOLD) {
            openUntil = now + OPEN_MILLIS;
            // half-open afterwards: one more failure re-opens
            failures.set(THRESHOLD - 1);
        }
    }

    public void recordSuccess() {
        if (failures.get() != 0) {
            failures.set(0);
        }
    }
}
