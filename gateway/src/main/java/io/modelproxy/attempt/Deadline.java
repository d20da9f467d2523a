package io.modelproxy.attempt;

import java.util.concurrent.TimeUnit;

/**
 * A request's time budget, its model's {@code timeoutSeconds} until the first byte reaches the client,
 * and its waits for cooling keys within it: a request waits only for a moment an upstream promised
 * (Retry-After), only when that moment comes before the deadline, and at most three times; otherwise it
 * answers now, so the client never hears silence for longer than a promise. Not thread-safe: one
 * request's event loop.
 */
final class Deadline {
    /** How often one request may wait for a cooling key before giving up. */
    private static final int MAX_WAITS = 3;

    /** {@link System#nanoTime()} at the deadline; 0 when the model sets none (and no request waits). */
    private final long deadlineNanos;
    private int waits;

    /** @param seconds the budget; 0 or less for none */
    Deadline(int seconds) {
        this.deadlineNanos = seconds > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds) : 0;
    }

    /** What is left of the budget; {@link Long#MAX_VALUE} without a deadline. */
    long remainingMillis() {
        return deadlineNanos == 0 ? Long.MAX_VALUE : TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
    }

    /**
     * How long to wait before another pass over the routes, now that every route was tried or skipped;
     * -1 when the request must answer now. A wait it returns is counted.
     */
    long waitMillis(CoolingKeys cooling, long now) {
        if (!cooling.any() || !cooling.worthWaiting() || deadlineNanos == 0 || waits >= MAX_WAITS) {
            return -1;
        }
        long wait = Math.max(0, cooling.earliest() - now);
        if (wait >= remainingMillis()) {
            return -1;
        }
        waits++;
        return wait;
    }
}
