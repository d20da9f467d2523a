package io.modelproxy.translate;

import io.modelproxy.dialect.ApiError;
import io.modelproxy.sse.SseEvent;
import java.util.ArrayList;
import java.util.List;

/** An upstream decoder feeding a client encoder: the {@link StreamTranslator} of one stream. */
final class StreamPipeline implements StreamTranslator {
    private final StreamDecoder decoder;
    private final StreamEncoder encoder;

    StreamPipeline(StreamDecoder decoder, StreamEncoder encoder) {
        this.decoder = decoder;
        this.encoder = encoder;
    }

    @Override
    public List<SseEvent> onEvent(SseEvent upstream) {
        List<SseEvent> out = new ArrayList<>(2);
        decoder.decode(upstream, e -> encoder.encode(e, out));
        return out;
    }

    @Override
    public List<SseEvent> onComplete() {
        List<SseEvent> out = new ArrayList<>(4);
        decoder.complete(e -> encoder.encode(e, out));
        return out;
    }

    @Override
    public List<SseEvent> onFailure(ApiError error) {
        List<SseEvent> out = new ArrayList<>(2);
        encoder.encode(new StreamEvent.Failed(error), out);
        return out;
    }

    /** Probe for tests: what both stages hold. */
    int footprint() {
        return decoder.footprint() + encoder.footprint();
    }
}
