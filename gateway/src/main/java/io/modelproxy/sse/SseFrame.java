package io.modelproxy.sse;

import java.nio.charset.StandardCharsets;

/**
 * One SSE frame as it came off the wire, blank line included. Frames that need no edit are forwarded
 * as {@link #raw()}; the pass-through path reads the event name and the data's place in the bytes,
 * and only a caller that needs the {@link #event()} (commit classification, translation) pays for
 * decoding it into Strings. One frame is read from one thread.
 */
public final class SseFrame {
    private final byte[] raw;
    private SseEvent event;
    private boolean decoded;
    private boolean scanned;
    /** Where the last {@code event:} value sits in {@link #raw}, or -1. */
    private int nameStart = -1;
    private int nameEnd;
    private String name;
    private int dataLines;
    /** Where the first {@code data:} value sits in {@link #raw}. */
    private int dataStart;
    private int dataEnd;

    public SseFrame(byte[] raw) {
        this.raw = raw;
    }

    /** A frame whose event is already known (an event the gateway encoded itself). */
    public SseFrame(byte[] raw, SseEvent event) {
        this.raw = raw;
        this.event = event;
        this.decoded = true;
    }

    public byte[] raw() {
        return raw;
    }

    /** The parsed event, decoded on first use; null for a frame of comments only, such as a keep-alive. */
    public SseEvent event() {
        if (!decoded) {
            scan();
            // one data line, as every JSON event is: its value and name straight from where the scan found them
            event = dataLines == 1 ? new SseEvent(name(), new String(raw, dataStart, dataEnd - dataStart, StandardCharsets.UTF_8))
                    : dataLines == 0 ? null : SseFrames.event(raw);
            decoded = true;
        }
        return event;
    }

    /** Whether the frame carries an event (a data field), without decoding it. */
    public boolean hasData() {
        scan();
        return dataLines > 0;
    }

    /** The event name, or null for data-only frames and frames without an event. */
    public String name() {
        scan();
        if (dataLines == 0 || nameStart < 0) {
            return null;
        }
        if (name == null) {
            name = new String(raw, nameStart, nameEnd - nameStart, StandardCharsets.UTF_8);
        }
        return name;
    }

    /** Whether the frame's event is named {@code expected} (an ASCII name), compared on the bytes. */
    public boolean named(String expected) {
        scan();
        if (dataLines == 0 || nameStart < 0 || nameEnd - nameStart != expected.length()) {
            return false;
        }
        for (int i = 0; i < expected.length(); i++) {
            if (raw[nameStart + i] != expected.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** True for the Chat Completions end sentinel {@code data: [DONE]}. */
    public boolean isDone() {
        int[] range = dataRange();
        if (range == null || nameStart >= 0 || range[1] - range[0] != 6) {
            return false;
        }
        return raw[range[0]] == '[' && raw[range[0] + 1] == 'D' && raw[range[0] + 2] == 'O'
                && raw[range[0] + 3] == 'N' && raw[range[0] + 4] == 'E' && raw[range[0] + 5] == ']';
    }

    /**
     * Where the JSON of a single-line {@code data:} field sits in {@link #raw()}, as {start, end};
     * null when the data spans several lines (edit the parsed event instead) or there is none.
     */
    public int[] dataRange() {
        scan();
        return dataLines == 1 ? new int[] {dataStart, dataEnd} : null;
    }

    /** One pass over the frame's lines: where its event name and data sit (the rules of {@link SseFrames#event}). */
    private void scan() {
        if (scanned) {
            return;
        }
        scanned = true;
        int n = raw.length;
        int start = 0;
        while (start < n) {
            int end = ByteScan.indexOfEither(raw, start, n, (byte) '\n', (byte) '\r');
            if (end < 0) {
                end = n;
            }
            if (end > start && raw[start] != ':') {
                int colon = ByteScan.indexOf(raw, start, end, (byte) ':');
                if (colon < 0) {
                    colon = end;
                }
                int value = colon < end ? colon + 1 : end;
                if (value < end && raw[value] == ' ') {
                    value++;
                }
                if (Ascii.matches(raw, start, colon, "event")) {
                    nameStart = value;
                    nameEnd = end;
                } else if (Ascii.matches(raw, start, colon, "data")) {
                    if (dataLines++ == 0) {
                        dataStart = value;
                        dataEnd = end;
                    }
                }
            }
            start = end < n && raw[end] == '\r' && end + 1 < n && raw[end + 1] == '\n' ? end + 2 : end + 1;
        }
    }
}
