package io.modelproxy.dialect.responses;

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

/** OpenAI Responses ({@code POST /v1/responses}). */
public final class ResponsesCodec implements DialectCodec {
    /**
     * Characters of finished output items a Responses client stream keeps to repeat them in
     * response.completed; far above what a model's output cap allows, it bounds one stream's memory.
     */
    public static final int RETAINED_OUTPUT_CHARS = 1 << 20;

    private final ResponsesRequests requests = new ResponsesRequests();
    private final ResponsesResponses responses = new ResponsesResponses();

    @Override
    public Dialect protocol() {
        return Dialect.OpenAIResponses;
    }

    @Override
    public ModelRequest decodeRequest(ObjectNode body, TranslationState exchange) throws TranslationException {
        return requests.decode(body, exchange);
    }

    @Override
    public ObjectNode encodeRequest(ModelRequest request, UpstreamTarget target, TranslationState exchange) {
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
        return new ResponsesStreamDecoder(exchange);
    }

    @Override
    public StreamEncoder streamEncoder(UpstreamTarget target, TranslationState exchange) {
        return new ResponsesStreamEncoder(target, exchange);
    }
}
