package io.modelproxy.server;

/** The gateway cannot start; the message tells an operator why (and never holds a key). */
public final class GatewayStartException extends RuntimeException {
    public GatewayStartException(String message) {
        super(message, null, false, false);
    }
}
