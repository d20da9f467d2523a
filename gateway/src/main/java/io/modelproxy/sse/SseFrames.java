package io.modelproxy.sse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts an upstream SSE byte stream into whole frames, keeping each frame's bytes as they came (so a
 * relay forwards comments, ids and spacing untouched) and parsing each into its {@link SseEvent}:
 * the gateway's one SSE parser.
 * Memory is bounded by the largest single frame. One instance per stream; not thread-safe.
 */
public final class SseFrames {
    /**
     * No real event comes near this (a whole answer in one Responses event is far smaller); an
     * upstream or proxy that never ends a frame must fail the attempt, not fill the heap.
     */
    static final int MAX_FRAME_BYTES = 16 * 1024 * 1024;

    private final ByteArrayOutputStream frame = new ByteArrayOutputStream(512);
    private int lineLength;
    private boolean hasContent;
    private boolean lastCr;
    /** The frame ended at a CR; drop the LF that completes that CRLF. */
    private boolean dropLf;

    public List<SseFrame> feed(byte[] bytes) {
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
    public SseFrame finish() {
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
        return new SseFrame(raw, event(raw));
    }

    /**
     * The event of one whole frame: its {@code event:} field and its {@code data:} lines joined with
     * {@code \n} (one leading space of a value dropped); null for a frame without data (comments,
     * keep-alives). LF, CRLF and CR line ends; {@code id}, {@code retry} and unknown fields carry
     * nothing the gateway routes on. Bytes are decoded only per whole line, so UTF-8 split across
     * reads is never cut.
     */
    static SseEvent event(byte[] raw) {
        String event = null;
        StringBuilder data = null;
        int start = 0;
        while (start < raw.length) {
            int end = start;
            while (end < raw.length && raw[end] != '\n' && raw[end] != '\r') {
                end++;
            }
            if (end > start && raw[start] != ':') {
                String line = new String(raw, start, end - start, StandardCharsets.UTF_8);
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1);
                if (!value.isEmpty() && value.charAt(0) == ' ') {
                    value = value.substring(1);
                }
                if (field.equals("event")) {
                    event = value;
                } else if (field.equals("data")) {
                    data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                }
            }
            start = end < raw.length && raw[end] == '\r' && end + 1 < raw.length && raw[end + 1] == '\n' ? end + 2 : end + 1;
        }
        return data == null ? null : new SseEvent(event, data.toString());
    }

    /** Every event of a whole SSE body (a recorded stream, a test's expectation). */
    public static List<SseEvent> events(byte[] body) {
        SseFrames frames = new SseFrames();
        List<SseEvent> out = new ArrayList<>();
        for (SseFrame frame : frames.feed(body)) {
            if (frame.event() != null) {
                out.add(frame.event());
            }
        }
        SseFrame last = frames.finish();
        if (last != null && last.event() != null) {
            out.add(last.event());
        }
        return out;
    }

    /** A CRLF frame end whose LF arrived in the same read: keep the frame's bytes as sent. */
    private static SseFrame withLf(SseFrame f) {
        byte[] raw = java.util.Arrays.copyOf(f.raw(), f.raw().length + 1);
        raw[raw.length - 1] = '\n';
        return new SseFrame(raw, f.event());
    }
}
