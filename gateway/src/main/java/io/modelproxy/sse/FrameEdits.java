package io.modelproxy.sse;

import java.nio.charset.StandardCharsets;

/** Byte-level edits of SSE frames on the pass-through hot path: no JSON tree, the rest of the frame untouched. */
public final class FrameEdits {
    private FrameEdits() {}

    /** The frame with the string at {@code path} in its data set to {@code quotedValue} (a JSON string literal). */
    public static byte[] withString(SseFrame frame, byte[] quotedValue, String... path) {
        int[] range = frame.dataRange();
        if (range != null) {
            byte[] raw = frame.raw();
            JsonFields.Span span = JsonFields.findString(raw, range[0], range[1], path);
            return span == null || JsonFields.regionEquals(raw, span, quotedValue) ? raw
                    : JsonFields.replace(raw, span, quotedValue);
        }
        byte[] data = frame.event().data().getBytes(StandardCharsets.UTF_8);
        JsonFields.Span span = JsonFields.findString(data, 0, data.length, path);
        if (span == null) {
            return frame.raw();
        }
        String edited = new String(JsonFields.replace(data, span, quotedValue), StandardCharsets.UTF_8);
        return new SseEvent(frame.event().event(), edited).toBytes();
    }

    /** The JSON bytes of the frame's data and where they sit: {bytes, from, to}. */
    public static Data data(SseFrame frame) {
        int[] range = frame.dataRange();
        if (range != null) {
            return new Data(frame.raw(), range[0], range[1]);
        }
        byte[] json = frame.event().data().getBytes(StandardCharsets.UTF_8);
        return new Data(json, 0, json.length);
    }

    /** A frame's data JSON within a byte array. */
    public record Data(byte[] bytes, int from, int to) {}

    public static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
