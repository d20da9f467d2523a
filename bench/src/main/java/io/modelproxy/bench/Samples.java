package io.modelproxy.bench;

import java.util.Arrays;

/** Durations in nanoseconds, appended by one writer at a time; percentiles are exact (nearest rank). */
final class Samples {
    private long[] values = new long[1024];
    private int size;

    void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    void addAll(Samples other) {
        for (int i = 0; i < other.size; i++) {
            add(other.values[i]);
        }
    }

    int size() {
        return size;
    }

    /**
     * The nearest-rank percentile: the smallest sample with at least {@code q} of all samples at or below it.
     *
     * @param q between 0 (exclusive) and 1
     * @return nanoseconds, or -1 when there is no sample
     */
    long percentile(double q) {
        if (size == 0) {
            return -1;
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * size);
        return sorted[Math.max(rank, 1) - 1];
    }
}
