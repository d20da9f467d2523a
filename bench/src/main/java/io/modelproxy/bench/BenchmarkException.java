package io.modelproxy.bench;

/** The benchmark cannot go on; the message says why, for the person running it. */
public final class BenchmarkException extends RuntimeException {
    public BenchmarkException(String message) {
        super(message);
    }
}
