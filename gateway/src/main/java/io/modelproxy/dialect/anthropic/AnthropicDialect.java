package io.modelproxy.dialect.anthropic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.api.Protocol;
import io.modelproxy.translate.Dialect;
import io.modelproxy.translate.Exchange;
import io.modelproxy.translate.ModelRequest;
import io.modelproxy.translate.ModelResponse;
import io.modelproxy.translate.StreamDecoder;
import io.modelproxy.translate.StreamEncoder;
import io.modelproxy.translate.TranslationException;
import io.modelproxy.translate.UpstreamTarget;

/** Anthropic Messages ({@code POST /v1/messages}). */
public final class AnthropicDialect implements Dialect {
    private final AnthropicRequests requests = new AnthropicRequests();
    private final AnthropicResponses responses = new AnthropicResponses();

    @Override
    public Protocol protocol() {
        return Protocol.AnthropicMessages;
    }

    @Override
    public ModelRequest decodeRequest(ObjectNode body, Exchange exchange) throws TranslationException {
        return requests.decode(body);
    }

    @Override
    public ObjectNode encodeRequest(ModelRequest request, UpstreamTarget target, Exchange exchange) throws TranslationException {
        return requests.encode(request, target, exchange);
    }

    @Override
    public ModelResponse decodeResponse(ObjectNode body, Exchange exchange) throws TranslationException {
        return responses.decode(body, exchange);
    }

    @Override
    public ObjectNode encodeResponse(ModelResponse response, UpstreamTarget target, Exchange exchange) {
        return responses.encode(response, target, exchange);
    }

    @Override
    public StreamDecoder streamDecoder(Exchange exchange) {
        return new AnthropicStreamDecoder(exchange);
    }

    @Override
    public StreamEncoder streamEncoder(UpstreamTarget target, Exchange exchange) {
        return new AnthropicStreamEncoder(target, exchange);
    }
}
