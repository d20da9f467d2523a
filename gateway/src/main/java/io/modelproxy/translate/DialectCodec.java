package io.modelproxy.translate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.api.Dialect;

/**
 * One wire format's codec: reads its requests, responses and streams into the neutral model and
 * writes the neutral model back out. A client dialect decodes requests and encodes responses; an
 * upstream dialect encodes requests and decodes responses.
 */
public interface DialectCodec {

    Dialect protocol();

    /** A client's request body; fails with a 4xx for what cannot be translated faithfully. */
    ModelRequest decodeRequest(ObjectNode body, TranslationState exchange) throws TranslationException;

    /** The upstream request body. */
    ObjectNode encodeRequest(ModelRequest request, UpstreamTarget target, TranslationState exchange) throws TranslationException;

    /** An upstream's non-streaming response body; fails (5xx) when it reports a failed response. */
    ModelResponse decodeResponse(ObjectNode body, TranslationState exchange) throws TranslationException;

    /** The client's response body. */
    ObjectNode encodeResponse(ModelResponse response, UpstreamTarget target, TranslationState exchange);

    /** Reads one upstream stream. */
    StreamDecoder streamDecoder(TranslationState exchange);

    /** Writes one client stream. */
    StreamEncoder streamEncoder(UpstreamTarget target, TranslationState exchange);
}
