package io.modelproxy.dialect.chat;

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

/** OpenAI Chat Completions ({@code POST /v1/chat/completions}). */
public final class ChatCodec implements DialectCodec {
    private final ChatRequests requests = new ChatRequests();
    private final ChatResponses responses = new ChatResponses();

    @Override
    public Dialect protocol() {
        return Dialect.OpenAIChat;
    }

    @Override
    public ModelRequest decodeRequest(ObjectNode body, TranslationState exchange) throws TranslationException {
        return requests.decode(body, exchange);
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
        return new ChatStreamDecoder(exchange);
    }

    @Override
    public StreamEncoder streamEncoder(UpstreamTarget target, TranslationState exchange) {
        return new ChatStreamEncoder(target, exchange);
    }
}
