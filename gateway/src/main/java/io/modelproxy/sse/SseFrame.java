package io.modelproxy.sse;

import java.nio.charset.StandardCharsets;

/**
 * One SSE frame as it came off the wire, blank line included, and its parsed event (null for a frame
 * of comments only, such as a keep-alive). Frames that need no edit are forwarded as {@link #raw()}.
 */
public record SseFrame(byte[] raw, SseEvent event) {
    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);

    /** The event name, falling back to nothing for data-only frames. */
    public String name() {
        return event == null ? null : event.event();
    }

    /**
     * Where the JSON of a single-line {@code data:} field sits in {@link #raw()}, as {start, end};
     * null when the data spans several lines (edit the parsed event instead).
     */
    public int[] dataRange() {
        if (event == null || event.data().indexOf('\n') >= 0) {
            return null;
        }
        int lineStart = 0;
        while (lineStart < raw.length) {
            if (startsWith(lineStart)) {
                int start = lineStart + DATA.length;
                if (start < raw.length && raw[start] == ' ') {
                    start++;
                }
                int end = start;
                while (end < raw.length && raw[end] != '\n' && raw[end] != '\r') {
                    end++;
                }
                return new int[] {start, end};
            }
            while (lineStart < raw.length && raw[lineStart] != '\n' && raw[lineStart] != '\r') {
                lineStart++;
            }
            lineStart++;
        }
        return null;
    }

    private boolean startsWith(int at) {
        if (at + DATA.length > raw.length) {
            return false;
        }
        for (int i = 0; i < DATA.length; i++) {
            if (raw[at + i] != DATA[i]) {
                return false;
            }
        }
        return true;
    }
}
