package io.modelproxy.translate;

/**
 * Who speaks a message. {@link #SYSTEM} is a system or developer message that appears after the
 * conversation started (leading ones become {@link ModelRequest#system()}).
 */
public enum Role {
    USER,
    ASSISTANT,
    SYSTEM
}
