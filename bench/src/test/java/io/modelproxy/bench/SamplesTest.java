package io.modelproxy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SamplesTest {
    @Test
    void percentilesAreNearestRank() {
        Samples samples = new Samples();
        for (long value = 2000; value >= 1; value--) {
            samples.add(value);
        }

        assertThat(samples.size()).isEqualTo(2000);
        assertThat(samples.percentile(0.50)).isEqualTo(1000);
        assertThat(samples.percentile(0.99)).isEqualTo(1980);
        assertThat(samples.percentile(1.0)).isEqualTo(2000);
    }

    @Test
    void mergesAndHandlesFewSamples() {
        Samples empty = new Samples();
        Samples one = new Samples();
        one.add(7);
        Samples merged = new Samples();
        merged.addAll(one);
        merged.addAll(empty);

        assertThat(empty.percentile(0.5)).isEqualTo(-1);
        assertThat(merged.percentile(0.5)).isEqualTo(7);
        assertThat(merged.percentile(0.99)).isEqualTo(7);
    }
}
