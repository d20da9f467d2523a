package io.modelproxy.translate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.api.Protocol;

/** One exchange between a client dialect and a different upstream dialect, through the neutral model. */
final class DialectExchange implements ExchangeTranslator {
    private final Dialect client;
    private final Dialect upstream;
    private final Exchange exchange;

    DialectExchange(Dialect client, Dialect upstream, IdSource ids) {
        this.client = client;
        this.upstream = upstream;
        this.exchange = new Exchange(client.protocol(), upstream.protocol(), ids);
    }

    @Override
    public ObjectNode request(ObjectNode clientBody, UpstreamTarget target) throws TranslationException {
        ModelRequest request = client.decodeRequest(clientBody, exchange);
        if (request.stream() && client.protocol() == Protocol.AnthropicMessages) {
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
