package io.modelproxy.bench;

import java.util.Map;

/**
 * What one measured round of one target and scenario gave.
 *
 * @param round 1-based round number
 * @param windowNanos the measured window (requests started and finished inside it count for latency and rate)
 * @param completedAfterDeadline requests that finished after the window: their CPU time was spent too
 * @param errors failed requests (bad status, broken stream, connection error)
 * @param errorCauses what failed, with counts
 * @param proxyCpuNanos CPU time the proxy process (and its children) used, -1 for a target without one
 * @param upstreamCpuNanos CPU time of the fake upstream, -1 when not known
 * @param driverCpuNanos CPU time of this load driver
 */
public record RoundResult(
        String target,
        Scenario scenario,
        int round,
        long windowNanos,
        Samples latency,
        Samples firstByte,
        long completedAfterDeadline,
        long errors,
        Map<String, Long> errorCauses,
        long proxyCpuNanos,
        long upstreamCpuNanos,
        long driverCpuNanos) {

    public RoundResult {
        errorCauses = Map.copyOf(errorCauses);
    }

    /** Requests that completed inside the window. */
    public long completed() {
        return latency.size();
    }

    /** Every request that completed, inside the window or just after: the divisor of CPU time. */
    public long served() {
        return completed() + completedAfterDeadline;
    }
}
