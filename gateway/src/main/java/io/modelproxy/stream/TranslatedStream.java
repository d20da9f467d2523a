package io.modelproxy.stream;

import io.modelproxy.translate.ApiError;
import io.modelproxy.sse.SseEvent;
import io.modelproxy.sse.SseFrame;
import io.modelproxy.translate.ClientStream;
import io.modelproxy.translate.StreamAccounting;
import io.modelproxy.translate.StreamTranslator;
import java.util.List;

/**
 * A cross-dialect stream: each upstream event goes through the route's {@link StreamTranslator}. Where
 * the translator reads the generated text and the usage off the upstream's frames anyway, it reports
 * them to the gateway's {@link StreamAccounting}, which then spares the client's bytes a scan.
 */
public final class TranslatedStream implements ClientStream {
    private final StreamTranslator translator;
    private final StreamAccounting accounting;
    private final JoinedBytes frames = new JoinedBytes();
    private boolean committed;

    public TranslatedStream(StreamTranslator translator, StreamAccounting accounting) {
        this.translator = translator;
        this.accounting = accounting;
    }

    @Override
    public byte[] onFrame(SseFrame frame) {
        if (!committed) {
            committed = true; // frames reach the client stream from the commit point on
            if (translator.reportsTo(accounting)) {
                accounting.reportsItself();
            }
        }
        // comments are keep-alives: every dialect's clients accept them
        return frame.hasData() ? encode(translator.onFrame(frame)) : frame.raw();
    }

    @Override
    public byte[] onComplete() {
        return encode(translator.onComplete());
    }

    @Override
    public byte[] onFailure(ApiError error) {
        return encode(translator.onFailure(error));
    }

    /** The events' frames, joined with one copy (none for a single event). */
    private byte[] encode(List<SseEvent> events) {
        for (SseEvent e : events) {
            frames.add(e.toBytes());
        }
        return frames.join();
    }
}
