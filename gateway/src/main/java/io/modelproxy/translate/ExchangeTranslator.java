package io.modelproxy.translate;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Translates one request/response exchange between a client dialect and a different upstream
 * dialect, through the dialect-neutral model. Pure: no IO, no shared mutable state.
 */
public interface ExchangeTranslator {

    /** The upstream request body for a client request body. */
    ObjectNode request(ObjectNode clientBody, UpstreamTarget target) throws TranslationException;

    /**
     * The client response body for a non-streaming upstream response body. Throws when the upstream
     * body reports a failure (a Responses {@code status: failed}) or is not a response at all; the
     * exception's error (5xx) is what the client gets.
     */
    ObjectNode response(ObjectNode upstreamBody, UpstreamTarget target) throws TranslationException;

    /** A fresh translator for one streaming response. */
    StreamTranslator stream(UpstreamTarget target);
}
