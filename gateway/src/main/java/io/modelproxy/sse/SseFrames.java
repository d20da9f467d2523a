package io.modelproxy.sse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts an upstream SSE byte stream into whole frames, keeping each frame's bytes as they came (so a
 * relay forwards comments, ids and spacing untouched); a frame's {@link SseEvent} is decoded only
 * when someone asks for it: the gateway's one SSE parser.
 * Memory is bounded by the largest single frame. One instance per stream; not thread-safe.
 */
public final class SseFrames {
    /**
     * No real event comes near this (a whole answer in one Responses event is far smaller); an
     * upstream or proxy that never ends a frame must fail the attempt, not fill the heap.
     */
    static final int MAX_FRAME_BYTES = 16 * 1024 * 1024;
    private static final byte[] EMPTY = new byte[0];
    /** A partial-frame buffer grown past this is dropped after its frame, so an idle stream stays small. */
    private static final int KEEP_BUFFER_BYTES = 16 * 1024;

    /** The start of a frame that a previous read left unfinished: {@code pending[0, pendingLength)}. */
    private byte[] pending = EMPTY;
    private int pendingLength;
    private int lineLength;
    private boolean hasContent;
    private boolean lastCr;
    /** The frame ended at a CR; drop the LF that completes that CRLF. */
    private boolean dropLf;

    /**
     * The frames that {@code bytes} completes. Scans each line in one tight loop over the array and
     * copies each frame once (the part a previous read left is kept in a reused buffer).
     */
    public List<SseFrame> feed(byte[] bytes) {
        List<SseFrame> out = null;
        int n = bytes.length;
        // bytes[from, i) belong to the current frame and are not yet in pending
        int from = 0;
        int i = 0;
        while (i < n) {
            byte c = bytes[i];
            if (c != '\n' && c != '\r') {
                int j = ByteScan.indexOfEither(bytes, i + 1, n, (byte) '\n', (byte) '\r');
                if (j < 0) {
                    j = n;
                }
                lineLength += j - i;
                hasContent = true;
                lastCr = false;
                dropLf = false;
                i = j;
                continue;
            }
            if (c == '\n' && lastCr) {
                lastCr = false;
                if (dropLf) {
                    // the current frame is empty here: the frame before it just ended, or a blank line was dropped
                    dropLf = false;
                    from = i + 1;
                    if (out != null && !out.isEmpty()) {
                        out.set(out.size() - 1, withLf(out.getLast()));
                    }
                }
                i++;
                continue;
            }
            lastCr = c == '\r';
            dropLf = false;
            if (lineLength > 0) {
                lineLength = 0;
            } else if (hasContent) {
                if (out == null) {
                    out = new ArrayList<>(4);
                }
                out.add(emit(bytes, from, i + 1));
                from = i + 1;
                dropLf = c == '\r';
            } else {
                // a blank line before any content: nothing to frame
                from = i + 1;
                dropLf = c == '\r';
            }
            i++;
        }
        if (from < n) {
            keep(bytes, from, n);
        }
        if (pendingLength > MAX_FRAME_BYTES) {
            throw new OversizedFrameException(MAX_FRAME_BYTES);
        }
        return out == null ? List.of() : out;
    }

    /** The last frame when the stream ended without its blank line, or null. */
    public SseFrame finish() {
        if (!hasContent) {
            return null;
        }
        byte[] end = lineLength > 0 ? new byte[] {'\n', '\n'} : new byte[] {'\n'};
        return emit(end, 0, end.length);
    }

    private void keep(byte[] bytes, int from, int to) {
        int need = pendingLength + (to - from);
        if (need > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(need, Math.max(256, pending.length * 2)));
        }
        System.arraycopy(bytes, from, pending, pendingLength, to - from);
        pendingLength = need;
    }

    /** The frame made of what is pending and {@code bytes[from, to)}. */
    private SseFrame emit(byte[] bytes, int from, int to) {
        byte[] raw;
        if (pendingLength == 0) {
            raw = Arrays.copyOfRange(bytes, from, to);
        } else {
            raw = new byte[pendingLength + (to - from)];
            System.arraycopy(pending, 0, raw, 0, pendingLength);
            System.arraycopy(bytes, from, raw, pendingLength, to - from);
            pendingLength = 0;
            if (pending.length > KEEP_BUFFER_BYTES) {
                pending = EMPTY;
            }
        }
        hasContent = false;
        lineLength = 0;
        return new SseFrame(raw);
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
        byte[] raw = Arrays.copyOf(f.raw(), f.raw().length + 1);
        raw[raw.length - 1] = '\n';
        return new SseFrame(raw);
    }
}
