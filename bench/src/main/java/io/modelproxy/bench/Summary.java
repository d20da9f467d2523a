package io.modelproxy.bench;

import java.util.List;

/**
 * One target in one scenario, over all its rounds: every round's window and samples pooled.
 *
 * @param requestsPerSecond requests completed in the windows per second of window
 * @param minRoundRate the slowest round's rate, to show the spread
 * @param maxRoundRate the fastest round's rate
 * @param p50Nanos median full latency (-1 without samples)
 * @param p99Nanos 99th percentile full latency
 * @param firstByteP50Nanos median time to the first body byte
 * @param firstByteP99Nanos 99th percentile time to the first body byte
 * @param proxyCpuMicrosPerRequest CPU time of the proxy per served request, NaN for a target without one
 * @param upstreamCpuMicrosPerRequest CPU time of the fake upstream per served request, NaN when not known
 * @param driverCpuMicrosPerRequest CPU time of the load driver per served request
 */
public record Summary(
        String target,
        Scenario scenario,
        int rounds,
        long completed,
        long errors,
        double requestsPerSecond,
        double minRoundRate,
        double maxRoundRate,
        long p50Nanos,
        long p99Nanos,
        long firstByteP50Nanos,
        long firstByteP99Nanos,
        double proxyCpuMicrosPerRequest,
        double upstreamCpuMicrosPerRequest,
        double driverCpuMicrosPerRequest) {

    /** Pools the rounds of one target and scenario. */
    public static Summary of(List<RoundResult> rounds) {
        RoundResult first = rounds.getFirst();
        Samples latency = new Samples();
        Samples firstByte = new Samples();
        long window = 0;
        long served = 0;
        long errors = 0;
        double minRate = Double.MAX_VALUE;
        double maxRate = 0;
        for (RoundResult round : rounds) {
            latency.addAll(round.latency());
            firstByte.addAll(round.firstByte());
            window += round.windowNanos();
            served += round.served();
            errors += round.errors();
            double rate = perSecond(round.completed(), round.windowNanos());
            minRate = Math.min(minRate, rate);
            maxRate = Math.max(maxRate, rate);
        }
        return new Summary(first.target(), first.scenario(), rounds.size(), latency.size(), errors,
                perSecond(latency.size(), window), minRate, maxRate,
                latency.percentile(0.50), latency.percentile(0.99),
                firstByte.percentile(0.50), firstByte.percentile(0.99),
                microsPerRequest(rounds.stream().mapToLong(RoundResult::proxyCpuNanos).toArray(), served),
                microsPerRequest(rounds.stream().mapToLong(RoundResult::upstreamCpuNanos).toArray(), served),
                microsPerRequest(rounds.stream().mapToLong(RoundResult::driverCpuNanos).toArray(), served));
    }

    private static double perSecond(long count, long nanos) {
        return nanos == 0 ? 0 : count * 1e9 / nanos;
    }

    /** Sum of per-round CPU nanos over requests served; NaN when a round has no figure (-1) or nothing was served. */
    private static double microsPerRequest(long[] cpuNanos, long served) {
        long total = 0;
        for (long nanos : cpuNanos) {
            if (nanos < 0) {
                return Double.NaN;
            }
            total += nanos;
        }
        return served == 0 ? Double.NaN : total / 1e3 / served;
    }
}
