package io.modelproxy.translate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.api.Dialect;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A dialect's codec made of its parts: what reads its request bodies, what writes them, what reads
 * and writes its whole responses, and how each of its streams is read and written. Each dialect's codec
 * names its parts and nothing else.
 */
public abstract class ComposedCodec implements DialectCodec {

    /** A client's request body of a dialect, read into the neutral model. */
    public interface RequestDecoder {
        ModelRequest decode(ObjectNode body, TranslationState exchange) throws TranslationException;
    }

    /** The neutral model, written as a dialect's request body for an upstream. */
    public interface RequestEncoder {
        ObjectNode encode(ModelRequest request, UpstreamTarget target, TranslationState exchange) throws TranslationException;
    }

    /** A dialect's whole (non-streaming) responses, to and from the neutral model. */
    public interface Responses {
        ModelResponse decode(ObjectNode body, TranslationState exchange) throws TranslationException;

        ObjectNode encode(ModelResponse response, UpstreamTarget target, TranslationState exchange);
    }

    private final Dialect protocol;
    private final RequestDecoder requestDecoder;
    private final RequestEncoder requestEncoder;
    private final Responses responses;
    private final Function<TranslationState, StreamDecoder> decoders;
    private final BiFunction<UpstreamTarget, TranslationState, StreamEncoder> encoders;

    protected ComposedCodec(Dialect protocol, RequestDecoder requestDecoder, RequestEncoder requestEncoder,
            Responses responses, Function<TranslationState, StreamDecoder> decoders,
            BiFunction<UpstreamTarget, TranslationState, StreamEncoder> encoders) {
        this.protocol = protocol;
        this.requestDecoder = requestDecoder;
        this.requestEncoder = requestEncoder;
        this.responses = responses;
        this.decoders = decoders;
        this.encoders = encoders;
    }

    @Override
    public final Dialect protocol() {
        return protocol;
    }

    @Override
    public final ModelRequest decodeRequest(ObjectNode body, TranslationState exchange) throws TranslationException {
        return requestDecoder.decode(body, exchange);
    }

    @Override
    public final ObjectNode encodeRequest(ModelRequest request, UpstreamTarget target, TranslationState exchange)
            throws TranslationException {
        return requestEncoder.encode(request, target, exchange);
    }

    @Override
    public final ModelResponse decodeResponse(ObjectNode body, TranslationState exchange) throws TranslationException {
        return responses.decode(body, exchange);
    }

    @Override
    public final ObjectNode encodeResponse(ModelResponse response, UpstreamTarget target, TranslationState exchange) {
        return responses.encode(response, target, exchange);
    }

    @Override
    public final StreamDecoder streamDecoder(TranslationState exchange) {
        return decoders.apply(exchange);
    }

    @Override
    public final StreamEncoder streamEncoder(UpstreamTarget target, TranslationState exchange) {
        return encoders.apply(target, exchange);
    }
}
