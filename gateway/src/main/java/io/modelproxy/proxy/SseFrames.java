package io.modelproxy.proxy;

import io.modelproxy.sse.SseDecoder;
import io.modelproxy.sse.SseEvent;
import io.modelproxy.sse.SseFrame;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts an upstream SSE byte stream into whole frames, keeping each frame's bytes as they came (so a
 * relay forwards comments, ids and spacing untouched) and parsing each with {@link SseDecoder}.
 * Memory is bounded by the largest single frame. One instance per stream; not thread-safe.
 */
final class SseFrames {
    /**
     * No real event comes near this (a whole answer in one Responses event is far smaller); an
     * upstream or proxy that never ends a frame must fail the attempt, not fill the heap.
     */
    static final int MAX_FRAME_BYTES = 16 * 1024 * 1024;

    private final SseDecoder decoder = new SseDecoder();
    private final ByteArrayOutputStream frame = new ByteArrayOutputStream(512);
    private int lineLength;
    private boolean hasContent;
    private boolean lastCr;
    /** The frame ended at a CR; drop the LF that completes that CRLF. */
    private boolean dropLf;

    List<SseFrame> feed(byte[] bytes) {
        List<SseFrame> out = null;
        for (byte c : bytes) {
            if (c == '\n' && lastCr) {
                lastCr = false;
                if (dropLf) {
                    dropLf = false;
                    if (out != null && !out.isEmpty()) {
                        out.set(out.size() - 1, withLf(out.getLast()));
                    }
                } else {
                    frame.write(c);
                }
                continue;
            }
            lastCr = c == '\r';
            dropLf = false;
            if (c == '\n' || c == '\r') {
                if (lineLength > 0) {
                    frame.write(c);
                    lineLength = 0;
                } else if (hasContent) {
                    frame.write(c);
                    if (out == null) {
                        out = new ArrayList<>(2);
                    }
                    out.add(emit());
                    dropLf = c == '\r';
                } else {
                    dropLf = c == '\r';
                }
            } else {
                frame.write(c);
                lineLength++;
                hasContent = true;
            }
        }
        if (frame.size() > MAX_FRAME_BYTES) {
            throw new OversizedFrameException(MAX_FRAME_BYTES);
        }
        return out == null ? List.of() : out;
    }

    /** The last frame when the stream ended without its blank line, or null. */
    SseFrame finish() {
        if (!hasContent) {
            return null;
        }
        frame.write('\n');
        if (lineLength > 0) {
            frame.write('\n');
        }
        lineLength = 0;
        return emit();
    }

    private SseFrame emit() {
        byte[] raw = frame.toByteArray();
        frame.reset();
        hasContent = false;
        lineLength = 0;
        List<SseEvent> events = decoder.feed(raw);
        return new SseFrame(raw, events.isEmpty() ? null : events.getFirst());
    }

    /** A CRLF frame end whose LF arrived in the same read: keep the frame's bytes as sent. */
    private static SseFrame withLf(SseFrame f) {
        byte[] raw = java.util.Arrays.copyOf(f.raw(), f.raw().length + 1);
        raw[raw.length - 1] = '\n';
        return new SseFrame(raw, f.event());
    }
}
