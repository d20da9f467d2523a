package io.modelproxy.ratelimit;

import io.github.bucket4j.ConsumptionProbe;

/**
 * Where one budget stands after a request: what the limit headers report.
 *
 * @param limit the budget's size per minute
 * @param remaining what is left (0 when in debt)
 * @param resetNanos how long until the budget is full again
 */
public record Quota(long limit, long remaining, long resetNanos) {

    static Quota of(Limit limit, ConsumptionProbe probe) {
        return new Quota(limit.perMinute(), Math.max(0, probe.getRemainingTokens()), probe.getNanosToWaitForReset());
    }

    /** The tighter of two: the one with less left. */
    static Quota tighter(Quota a, Quota b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return b.remaining < a.remaining || b.remaining == a.remaining && b.limit < a.limit ? b : a;
    }
}
