package io.modelproxy.api;

/** The HTTP version the gateway speaks to a provider. */
public enum HttpVersion {
    /**
     * HTTP/2 where the upstream offers it, else HTTP/1.1: by ALPN over https; over http the first
     * connection to an address tries the HTTP/2 preface, then an HTTP/1.1 upgrade, then plain HTTP/1.1.
     */
    Auto,
    /** HTTP/1.1 only: no HTTP/2 attempt, preface or upgrade. */
    HTTP1,
    /** HTTP/2 only: by ALPN over https, with prior knowledge (h2c) over http. */
    HTTP2
}
