package io.modelproxy.dialect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.translate.DialectCodec;
import io.modelproxy.translate.IdSource;
import io.modelproxy.translate.ModelRequest;
import io.modelproxy.translate.StreamPipeline;
import io.modelproxy.translate.StreamTranslator;
import io.modelproxy.translate.TokenEstimator;
import io.modelproxy.translate.TranslationException;
import io.modelproxy.translate.TranslationState;
import io.modelproxy.translate.UpstreamTarget;
import io.modelproxy.translate.ExchangeTranslator;
import io.modelproxy.api.Dialect;

/** One exchange between a client dialect and a different upstream dialect, through the neutral model. */
final class DialectExchange implements ExchangeTranslator {
    private final DialectCodec client;
    private final DialectCodec upstream;
    private final TranslationState exchange;

    DialectExchange(DialectCodec client, DialectCodec upstream, IdSource ids) {
        this.client = client;
        this.upstream = upstream;
        this.exchange = new TranslationState(client.protocol(), upstream.protocol(), ids);
    }

    @Override
    public ObjectNode request(ObjectNode clientBody, UpstreamTarget target) throws TranslationException {
        ModelRequest request = client.decodeRequest(clientBody, exchange);
        if (request.stream() && client.protocol() == Dialect.AnthropicMessages) {
            // Claude Code reads the context size from message_start, before any upstream usage exists.
            exchange.inputEstimate(TokenEstimator.approximate(clientBody));
        }
        return upstream.encodeRequest(request, target, exchange);
    }

    @Override
    public ObjectNode response(ObjectNode upstreamBody, UpstreamTarget target) throws TranslationException {
        return client.encodeResponse(upstream.decodeResponse(upstreamBody, exchange), target, exchange);
    }

    @Override
    public StreamTranslator stream(UpstreamTarget target) {
        return new StreamPipeline(upstream.streamDecoder(exchange), client.streamEncoder(target, exchange));
    }
}
