package io.modelproxy.routing;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A short circuit for one route (provider + upstream model): after {@value #THRESHOLD} fall-back
 * failures in a row the route is skipped for {@value #OPEN_MILLIS} ms. Then it is half-open: one
 * request probes it (the others keep skipping it) and either closes it (success) or opens it again
 * at once (failure). A probe that never reports back frees its turn after {@value #OPEN_MILLIS} ms.
 */
public final class Circuit {
    static final int THRESHOLD = 3;
    static final long OPEN_MILLIS = 30_000;

    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicLong probeUntil = new AtomicLong();
    private volatile long openUntil;

    /** True while the route is open (skipped), not counting a half-open route's probe in flight. */
    public boolean isOpen(long now) {
        return openUntil > now;
    }

    /**
     * Whether a request may use the route now: always when closed, never while open, and for exactly
     * one request at a time while half-open.
     */
    public boolean tryPass(long now) {
        long until = openUntil;
        if (until > now) {
            return false;
        }
        if (until == 0) {
            return true;
        }
        long probe = probeUntil.get();
        return probe <= now && probeUntil.compareAndSet(probe, now + OPEN_MILLIS);
    }

    /** When a skipped request could try the route again (epoch millis): the open period's end or the probe's. */
    public long retryAt() {
        return Math.max(openUntil, probeUntil.get());
    }

    /** When the open period ends (epoch millis); 0 once the circuit closed again. */
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
        probeUntil.set(0);
    }

    public void recordSuccess() {
        if (failures.get() != 0) {
            failures.set(0);
        }
        if (openUntil != 0) {
            openUntil = 0;
        }
        probeUntil.set(0);
    }
}
