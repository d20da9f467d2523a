package io.modelproxy.ratelimit;

/** The shared budget store cannot be reached and the gateway is configured to refuse rather than guess. */
public final class BudgetsUnavailableException extends RuntimeException {
    public BudgetsUnavailableException(String message) {
        super(message, null, false, false);
    }
}
