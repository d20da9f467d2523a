package io.modelproxy.dialect.responses;

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

/** OpenAI Responses ({@code POST /v1/responses}). */
public final class ResponsesDialect implements Dialect {
    /**
     * Characters of finished output items a Responses client stream keeps to repeat them in
     * response.completed; far above what a model's output cap allows, it bounds one stream's memory.
     */
    public static final int RETAINED_OUTPUT_CHARS = 1 << 20;

    private final ResponsesRequests requests = new ResponsesRequests();
    private final ResponsesResponses responses = new ResponsesResponses();

    @Override
    public Protocol protocol() {
        return Protocol.OpenAIResponses;
    }

    @Override
    public ModelRequest decodeRequest(ObjectNode body, Exchange exchange) throws TranslationException {
        return requests.decode(body, exchange);
    }

    @Override
    public ObjectNode encodeRequest(ModelRequest request, UpstreamTarget target, Exchange exchange) {
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
        return new ResponsesStreamDecoder(exchange);
    }

    @Override
    public StreamEncoder streamEncoder(UpstreamTarget target, Exchange exchange) {
        return new ResponsesStreamEncoder(target, exchange);
    }
}
