package io.modelproxy.stream;

import io.modelproxy.translate.ApiError;
import io.modelproxy.sse.SseEvent;
import io.modelproxy.sse.SseFrame;
import io.modelproxy.translate.ClientStream;
import io.modelproxy.translate.StreamTranslator;
import java.io.ByteArrayOutputStream;
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
        return frame.event() == null ? frame.raw() : encode(translator.onEvent(frame.event()));
    }

    @Override
    public byte[] onComplete() {
        return encode(translator.onComplete());
    }

    @Override
    public byte[] onFailure(ApiError error) {
        return encode(translator.onFailure(error));
    }

    private static byte[] encode(List<SseEvent> events) {
        if (events.size() == 1) {
            return events.getFirst().toBytes();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (SseEvent e : events) {
            out.writeBytes(e.toBytes());
        }
        return out.toByteArray();
    }
}
