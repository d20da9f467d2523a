package io.modelproxy.sse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Incremental server-sent-events parser. Feed it network reads as they come; it returns the events
 * completed so far. Accepts LF, CRLF and CR line ends, multi-line {@code data:}, comment lines,
 * frames split anywhere across reads, including inside a multi-byte UTF-8 character (bytes are
 * decoded only once a whole line is buffered).
 *
 * <p>One decoder per stream; not thread-safe. Memory is bounded by the longest single line.
 */
public final class SseDecoder {
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private boolean lastWasCr;
    private String event;
    private StringBuilder data;

    /** Parses the next chunk of bytes; returns the events it completed (often none or one). */
    public List<SseEvent> feed(byte[] bytes) {
        return feed(bytes, 0, bytes.length);
    }

    public List<SseEvent> feed(byte[] bytes, int offset, int length) {
        List<SseEvent> out = null;
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (b == '\n' && lastWasCr) {
                lastWasCr = false;
                continue;
            }
            lastWasCr = b == '\r';
            if (b == '\n' || b == '\r') {
                SseEvent done = endLine();
                if (done != null) {
                    if (out == null) {
                        out = new ArrayList<>(2);
                    }
                    out.add(done);
                }
            } else {
                line.write(b);
            }
        }
        return out == null ? List.of() : out;
    }

    /** Call at end of stream: returns a last event that was not followed by a blank line, if any. */
    public List<SseEvent> finish() {
        if (line.size() > 0) {
            endLine();
        }
        SseEvent last = dispatch();
        return last == null ? List.of() : List.of(last);
    }

    private SseEvent endLine() {
        if (line.size() == 0) {
            return dispatch();
        }
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (text.charAt(0) == ':') {
            return null;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (!value.isEmpty() && value.charAt(0) == ' ') {
            value = value.substring(1);
        }
        switch (field) {
            case "event" -> event = value;
            case "data" -> {
                if (data == null) {
                    data = new StringBuilder(value);
                } else {
                    data.append('\n').append(value);
                }
            }
            default -> { } // id, retry and unknown fields carry nothing we route on
        }
        return null;
    }

    private SseEvent dispatch() {
        if (data == null) {
            event = null;
            return null;
        }
        SseEvent e = new SseEvent(event, data.toString());
        event = null;
        data = null;
        return e;
    }
}
