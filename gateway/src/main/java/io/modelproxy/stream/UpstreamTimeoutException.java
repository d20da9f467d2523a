package io.modelproxy.stream;

/** An upstream did not send its first byte within the attempt's budget. */
public final class UpstreamTimeoutException extends RuntimeException {
    public UpstreamTimeoutException(String message) {
        super(message, null, false, false);
    }
}
