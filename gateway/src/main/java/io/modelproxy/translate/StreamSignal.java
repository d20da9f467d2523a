package io.modelproxy.translate;

/**
 * What one upstream stream event means for the commit point (TRANSLATION.md §3.0): frames that carry
 * nothing the client needs yet are held back, so an error right after them can still fail over.
 */
public enum StreamSignal {
    /** Nothing the client needs yet (Anthropic {@code message_start}, a Chat role-only chunk, Responses {@code response.created}). */
    PREAMBLE,
    /** The first content commits the stream. */
    CONTENT,
    /** The stream's end. */
    TERMINAL,
    /** An error event: before commit, the attempt failed. */
    ERROR
}
