package io.modelproxy.stream;

import io.modelproxy.translate.ApiError;
import io.modelproxy.sse.SseEvent;
import io.modelproxy.sse.SseFrame;
import io.modelproxy.translate.ClientStream;
import io.modelproxy.translate.StreamTranslator;
import java.util.List;

/** A cross-dialect stream: each upstream event goes through the route's {@link StreamTranslator}. */
public final class TranslatedStream implements ClientStream {
    private final StreamTranslator translator;

    public TranslatedStream(StreamTranslator translator) {
        this.translator = translator;
    }

    @Override
    public byte[] onFrame(SseFrame frame) {
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
    private static byte[] encode(List<SseEvent> events) {
        if (events.size() == 1) {
            return events.getFirst().toBytes();
        }
        byte[][] frames = new byte[events.size()][];
        int size = 0;
        for (int i = 0; i < frames.length; i++) {
            frames[i] = events.get(i).toBytes();
            size += frames[i].length;
        }
        byte[] out = new byte[size];
        int at = 0;
        for (byte[] f : frames) {
            System.arraycopy(f, 0, out, at, f.length);
            at += f.length;
        }
        return out;
    }
}
