package io.modelproxy.translate;

/**
 * What a same-dialect stream reads off its own frames for the gateway's accounting (the request log,
 * metrics and rate limits): the text it generates and the usage it reports. A stream that reports
 * here spares its answer a second scan on the way to the client. Called on the request's event loop.
 */
public interface StreamAccounting {

    /** The stream is committed and reports its text and usage here from now on. */
    void reportsItself();

    /** Generated text: {@code bytes[from, to)}, a JSON string's content with its escapes as sent. */
    void text(byte[] bytes, int from, int to);

    /** JSON that reports token usage, in {@code bytes[from, to)}. */
    void usage(byte[] bytes, int from, int to);
}
