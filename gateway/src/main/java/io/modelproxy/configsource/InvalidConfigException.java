package io.modelproxy.configsource;

/** A config that parses but cannot be served (dangling reference, bad URL, unsafe bind); the last good one stays. */
public final class InvalidConfigException extends Exception {
    public InvalidConfigException(String message) {
        super(message);
    }
}
