package io.modelproxy.sse;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One server-sent event: an optional event name and its data (multi-line data joined with {@code \n}).
 * An event the gateway encodes itself on a hot path may be made from its wire form ({@link #ofFrame}):
 * then {@link #toBytes()} hands those bytes out as they are and the data becomes a String only if
 * someone asks for it. Equal when name and data are.
 */
public final class SseEvent {
    private final String event;
    private String data;
    /** The frame on the wire, once known; its data is {@code frame[dataFrom, dataTo)}. */
    private final byte[] frame;
    private final int dataFrom;
    private final int dataTo;

    /**
     * @param event the {@code event:} field, or null when the frame has none (OpenAI Chat Completions)
     * @param data the joined {@code data:} lines, never null
     */
    public SseEvent(String event, String data) {
        if (data == null) {
            throw new IllegalArgumentException("data must not be null");
        }
        this.event = event;
        this.data = data;
        this.frame = null;
        this.dataFrom = 0;
        this.dataTo = 0;
    }

    private SseEvent(String event, byte[] frame, int dataFrom, int dataTo) {
        this.event = event;
        this.frame = frame;
        this.dataFrom = dataFrom;
        this.dataTo = dataTo;
    }

    /**
     * The event whose wire form is {@code frame} (its {@code event:} line if named, one {@code data:}
     * line, the blank line), with its data, one line of UTF-8, at {@code frame[dataFrom, dataTo)}. The
     * caller hands the array over and does not change it.
     */
    public static SseEvent ofFrame(String event, byte[] frame, int dataFrom, int dataTo) {
        return new SseEvent(event, frame, dataFrom, dataTo);
    }

    /** The {@code event:} field, or null when the frame has none. */
    public String event() {
        return event;
    }

    /** The joined {@code data:} lines. */
    public String data() {
        if (data == null) {
            data = new String(frame, dataFrom, dataTo - dataFrom, StandardCharsets.UTF_8);
        }
        return data;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SseEvent other && Objects.equals(event, other.event) && data().equals(other.data());
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hashCode(event) + data().hashCode();
    }

    @Override
    public String toString() {
        return "SseEvent[event=" + event + ", data=" + data() + "]";
    }

    /** A data-only frame, as OpenAI Chat Completions streams send. */
    public static SseEvent data(String data) {
        return new SseEvent(null, data);
    }

    /** True for the Chat Completions end sentinel {@code data: [DONE]}. */
    public boolean isDone() {
        return event == null && "[DONE]".equals(data());
    }

    /** The event's type: its {@code event:} name, else the top-level {@code type} string in its data; "" if neither. */
    public String type() {
        if (event != null) {
            return event;
        }
        byte[] bytes = data().getBytes(StandardCharsets.UTF_8);
        JsonFields.Span span = JsonFields.findString(bytes, 0, bytes.length, "type");
        return span == null ? "" : new String(bytes, span.start() + 1, span.end() - span.start() - 2, StandardCharsets.UTF_8);
    }

    /** The frame on the wire: {@code event:} line if named, one {@code data:} line per data line, blank line. */
    public byte[] toBytes() {
        if (frame != null) {
            return frame;
        }
        if (data.indexOf('\n') >= 0) {
            return multiLine();
        }
        // one data line, as every JSON event is: its bytes straight into the frame
        byte[] name = event == null ? null : event.getBytes(StandardCharsets.UTF_8);
        byte[] value = data.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[(name == null ? 0 : EVENT.length + name.length + 1) + DATA.length + value.length + 2];
        int at = 0;
        if (name != null) {
            at = put(out, at, EVENT);
            at = put(out, at, name);
            out[at++] = '\n';
        }
        at = put(out, at, DATA);
        at = put(out, at, value);
        out[at++] = '\n';
        out[at] = '\n';
        return out;
    }

    private static final byte[] EVENT = "event: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);

    private static int put(byte[] out, int at, byte[] part) {
        System.arraycopy(part, 0, out, at, part.length);
        return at + part.length;
    }

    private byte[] multiLine() {
        StringBuilder sb = new StringBuilder(data.length() + 32);
        if (event != null) {
            sb.append("event: ").append(event).append('\n');
        }
        int start = 0;
        while (true) {
            int nl = data.indexOf('\n', start);
            sb.append("data: ").append(data, start, nl < 0 ? data.length() : nl).append('\n');
            if (nl < 0) {
                break;
            }
            start = nl + 1;
        }
        return sb.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }
}
