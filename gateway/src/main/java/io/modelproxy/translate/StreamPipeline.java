package io.modelproxy.translate;

import io.modelproxy.sse.SseEvent;
import io.modelproxy.sse.SseFrame;
import java.util.ArrayList;
import java.util.List;

/** An upstream decoder feeding a client encoder: the {@link StreamTranslator} of one stream. */
public final class StreamPipeline implements StreamTranslator {
    private final StreamDecoder decoder;
    private final StreamEncoder encoder;
    private ApiError failure;
    private boolean ended;

    public StreamPipeline(StreamDecoder decoder, StreamEncoder encoder) {
        this.decoder = decoder;
        this.encoder = encoder;
    }

    /** An event held as such (a test's, a replay's): as the frame it would have come in. */
    @Override
    public List<SseEvent> onEvent(SseEvent upstream) {
        return onFrame(new SseFrame(upstream.toBytes(), upstream));
    }

    @Override
    public List<SseEvent> onFrame(SseFrame upstream) {
        List<SseEvent> out = new ArrayList<>(2);
        decoder.decode(upstream, e -> encode(e, out));
        return out;
    }

    @Override
    public List<SseEvent> onComplete() {
        List<SseEvent> out = new ArrayList<>(4);
        decoder.complete(e -> encode(e, out));
        return out;
    }

    @Override
    public List<SseEvent> onFailure(ApiError error) {
        List<SseEvent> out = new ArrayList<>(2);
        encode(new StreamEvent.Failed(error), out);
        return out;
    }

    @Override
    public boolean reportsTo(StreamAccounting accounting) {
        return decoder.reportsTo(accounting);
    }

    @Override
    public ApiError failure() {
        return failure;
    }

    private void encode(StreamEvent event, List<SseEvent> out) {
        if (ended) {
            return; // one ending per stream: nothing after completion or failure
        }
        if (event instanceof StreamEvent.Failed f) {
            failure = f.error();
        }
        ended = event instanceof StreamEvent.Failed || event instanceof StreamEvent.Completed;
        encoder.encode(event, out);
    }

    /** Probe for tests: what both stages hold. */
    int footprint() {
        return decoder.footprint() + encoder.footprint();
    }
}
