package io.modelproxy.dialect.anthropic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.api.Dialect;
import io.modelproxy.translate.DialectCodec;
import io.modelproxy.translate.TranslationState;
import io.modelproxy.translate.ModelRequest;
import io.modelproxy.translate.ModelResponse;
import io.modelproxy.translate.StreamDecoder;
import io.modelproxy.translate.StreamEncoder;
import io.modelproxy.translate.TranslationException;
import io.modelproxy.translate.UpstreamTarget;

/** Anthropic Messages ({@code POST /v1/messages}). */
public final class AnthropicCodec implements DialectCodec {
    private final AnthropicRequests requests = new AnthropicRequests();
    private final AnthropicResponses responses = new AnthropicResponses();

    @Override
    public Dialect protocol() {
        return Dialect.AnthropicMessages;
    }

    @Override
    public ModelRequest decodeRequest(ObjectNode body, TranslationState exchange) throws TranslationException {
        return requests.decode(body);
    }

    @Override
    public ObjectNode encodeRequest(ModelRequest request, UpstreamTarget target, TranslationState exchange) throws TranslationException {
        return requests.encode(request, target, exchange);
    }

    @Override
    public ModelResponse decodeResponse(ObjectNode body, TranslationState exchange) throws TranslationException {
        return responses.decode(body, exchange);
    }

    @Override
    public ObjectNode encodeResponse(ModelResponse response, UpstreamTarget target, TranslationState exchange) {
        return responses.encode(response, target, exchange);
    }

    @Override
    public StreamDecoder streamDecoder(TranslationState exchange) {
        return new AnthropicStreamDecoder(exchange);
    }

    @Override
    public StreamEncoder streamEncoder(UpstreamTarget target, TranslationState exchange) {
        return new AnthropicStreamEncoder(target, exchange);
    }
}
