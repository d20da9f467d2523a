package io.modelproxy.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CircuitTest {

    private static Circuit opened(long now) {
        Circuit c = new Circuit();
        for (int i = 0; i < Circuit.THRESHOLD; i++) {
            c.recordFailure(now);
        }
        return c;
    }

    @Test
    void aClosedCircuitLetsEveryRequestThrough() {
        Circuit c = new Circuit();
        assertThat(c.tryPass(0)).isTrue();
        assertThat(c.tryPass(0)).isTrue();
    }

    @Test
    void halfOpenLetsOneProbeThroughUntilItReports() {
        Circuit c = opened(1_000);
        assertThat(c.tryPass(1_000 + Circuit.OPEN_MILLIS - 1)).isFalse();

        long halfOpen = 1_000 + Circuit.OPEN_MILLIS;
        assertThat(c.tryPass(halfOpen)).as("the probe").isTrue();
        assertThat(c.tryPass(halfOpen)).as("a concurrent request").isFalse();
        assertThat(c.retryAt()).isGreaterThan(halfOpen);

        c.recordSuccess();
        assertThat(c.tryPass(halfOpen)).isTrue();
        assertThat(c.tryPass(halfOpen)).isTrue();
    }

    @Test
    void aFailedProbeReopensAtOnceAndAnUnreportedProbeFreesItsTurn() {
        Circuit c = opened(0);
        long halfOpen = Circuit.OPEN_MILLIS;
        assertThat(c.tryPass(halfOpen)).isTrue();
        c.recordFailure(halfOpen);
        assertThat(c.tryPass(halfOpen + 1)).isFalse();
        assertThat(c.isOpen(halfOpen + 1)).isTrue();

        long nextHalfOpen = halfOpen + Circuit.OPEN_MILLIS;
        assertThat(c.tryPass(nextHalfOpen)).isTrue();
        assertThat(c.tryPass(nextHalfOpen + Circuit.OPEN_MILLIS - 1)).as("probe still out").isFalse();
        assertThat(c.tryPass(nextHalfOpen + Circuit.OPEN_MILLIS)).as("probe never came back").isTrue();
    }
}
