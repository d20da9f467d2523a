package io.modelproxy.bench;

/** One cell of the benchmark: a request mode at a fixed number of requests in flight. */
public record Scenario(Mode mode, int concurrency) {
    public Scenario {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, not " + concurrency);
        }
    }

    @Override
    public String toString() {
        return mode.label() + " c" + concurrency;
    }
}
