package io.modelproxy.sse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes the wire form of the events a stream encoder sends most (a text delta, a block's end) straight
 * into bytes: the {@code event:} line, one {@code data:} line of compact JSON put together from constant
 * parts, numbers and escaped strings, the blank line. No tree, no intermediate String. The JSON strings
 * are escaped as Jackson escapes them (quote and backslash with a backslash, control characters with
 * their short escape where they have one and a six-character unicode escape otherwise, everything
 * else as UTF-8), so these frames read the
 * same as those the encoder builds from trees. One writer per stream, reused for every event.
 */
public final class SseEventWriter {
    private static final byte[] EVENT = "event: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private static final int INITIAL = 256;
    private static final int KEPT = 4096;

    private byte[] buf = new byte[INITIAL];
    private int len;
    private int dataFrom;
    private String name;

    /** Starts an event named {@code name} (an ASCII name, or null for a data-only event); its data follows. */
    public SseEventWriter begin(String name) {
        this.name = name;
        len = 0;
        if (name != null) {
            ascii(EVENT);
            for (int i = 0; i < name.length(); i++) {
                put((byte) name.charAt(i));
            }
            put((byte) '\n');
        }
        ascii(DATA);
        dataFrom = len;
        return this;
    }

    /** Bytes that are already JSON (punctuation, keys, literals), as they are. */
    public SseEventWriter ascii(byte[] json) {
        room(json.length);
        System.arraycopy(json, 0, buf, len, json.length);
        len += json.length;
        return this;
    }

    public SseEventWriter number(long value) {
        if (value >= 0 && value < 10) {
            put((byte) ('0' + value));
            return this;
        }
        return ascii(Long.toString(value).getBytes(StandardCharsets.US_ASCII));
    }

    /** {@code value} as a JSON string literal, quotes included. */
    public SseEventWriter string(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        room(utf8.length + 2);
        buf[len++] = '"';
        int run = 0;
        for (int i = 0; i < utf8.length; i++) {
            int c = utf8[i];
            if (c >= 0x20 && c != '"' && c != '\\' || c < 0) {
                continue; // as it is; UTF-8 bytes of non-ASCII characters are negative here
            }
            copy(utf8, run, i);
            escape(c);
            run = i + 1;
        }
        copy(utf8, run, utf8.length);
        put((byte) '"');
        return this;
    }

    /** Ends the event: the blank line; the event holds the bytes written, the writer is ready for the next. */
    public SseEvent end() {
        int dataTo = len;
        room(2);
        buf[len++] = '\n';
        buf[len++] = '\n';
        SseEvent event = SseEvent.ofFrame(name, Arrays.copyOf(buf, len), dataFrom, dataTo);
        if (buf.length > KEPT) {
            buf = new byte[INITIAL]; // one long event (a large tool call's arguments) is not held for the stream's life
        }
        return event;
    }

    private void copy(byte[] src, int from, int to) {
        int n = to - from;
        if (n > 0) {
            room(n);
            System.arraycopy(src, from, buf, len, n);
            len += n;
        }
    }

    private void escape(int c) {
        room(6);
        buf[len++] = '\\';
        switch (c) {
            case '"', '\\' -> buf[len++] = (byte) c;
            case '\n' -> buf[len++] = 'n';
            case '\r' -> buf[len++] = 'r';
            case '\t' -> buf[len++] = 't';
            case '\b' -> buf[len++] = 'b';
            case '\f' -> buf[len++] = 'f';
            default -> {
                buf[len++] = 'u';
                buf[len++] = '0';
                buf[len++] = '0';
                buf[len++] = HEX[c >> 4];
                buf[len++] = HEX[c & 0xF];
            }
        }
    }

    private void put(byte b) {
        room(1);
        buf[len++] = b;
    }

    private void room(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }
}
