package io.modelproxy.proxy;

/** An upstream did not send its first byte within the attempt's budget. */
final class UpstreamTimeoutException extends RuntimeException {
    UpstreamTimeoutException(String message) {
        super(message, null, false, false);
    }
}
