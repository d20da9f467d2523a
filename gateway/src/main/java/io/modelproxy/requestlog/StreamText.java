package io.modelproxy.requestlog;

import static io.modelproxy.sse.JsonFields.ascii;

import io.modelproxy.sse.ByteScan;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Picks the generated text out of stream events of any dialect (the string values of {@code content},
 * {@code text}, {@code delta}, {@code thinking}, {@code partial_json} and {@code arguments}), to
 * estimate the output tokens of a stream whose upstream reports no usage. A value cut across two
 * chunks is partly lost; for an estimate that is fine. Each chunk is scanned once: a jump from quote
 * to quote, and a field name is compared only when the byte after a quote can start one. Keeps at
 * most about {@value #MAX_BYTES} bytes of text. One instance per stream, on its event loop.
 */
final class StreamText {
    static final int MAX_BYTES = 256 * 1024;
    private static final byte[] CONTENT = ascii("content\"");
    private static final byte[] TEXT = ascii("text\"");
    private static final byte[] THINKING = ascii("thinking\"");
    private static final byte[] DELTA = ascii("delta\"");
    private static final byte[] PARTIAL_JSON = ascii("partial_json\"");
    private static final byte[] ARGUMENTS = ascii("arguments\"");

    /** Grows with the text, from nothing: an idle stream holds only the few bytes it has said. */
    private byte[] text = new byte[0];
    private int size;

    /** Takes the text of one chunk of the answer's body. */
    void collect(byte[] chunk) {
        int n = chunk.length;
        int i = 0;
        while (size < MAX_BYTES) {
            i = ByteScan.indexOf(chunk, i, n, (byte) '"');
            if (i < 0 || i + 1 >= n) {
                return;
            }
            int afterName = field(chunk, i + 1);
            if (afterName < 0) {
                i++;
                continue;
            }
            int colon = blanks(chunk, afterName);
            if (colon >= n || chunk[colon] != ':') {
                i = afterName;
                continue;
            }
            int quote = blanks(chunk, colon + 1);
            if (quote >= n || chunk[quote] != '"') {
                i = quote;
                continue;
            }
            int start = quote + 1;
            int end = start;
            while (end < n) {
                end = ByteScan.indexOfEither(chunk, end, n, (byte) '"', (byte) '\\');
                if (end < 0 || chunk[end] == '"') {
                    break;
                }
                end += 2;
            }
            end = end < 0 ? n : Math.min(end, n);
            append(chunk, start, end);
            i = end + 1;
        }
    }

    /** Takes text a stream found itself: {@code bytes[from, to)}, a string's content as sent. */
    void take(byte[] bytes, int from, int to) {
        if (size < MAX_BYTES) {
            append(bytes, from, to);
        }
    }

    /** The text kept so far. */
    @Override
    public String toString() {
        return new String(text, 0, size, StandardCharsets.UTF_8);
    }

    /** Where a collected field's name that starts at {@code at} ends, past its closing quote; -1 if none starts there. */
    private static int field(byte[] chunk, int at) {
        byte[] name = switch (chunk[at]) {
            case 'c' -> CONTENT;
            case 't' -> at + 1 < chunk.length && chunk[at + 1] == 'h' ? THINKING : TEXT;
            case 'd' -> DELTA;
            case 'p' -> PARTIAL_JSON;
            case 'a' -> ARGUMENTS;
            default -> null;
        };
        return name != null && Arrays.equals(chunk, at, Math.min(at + name.length, chunk.length), name, 0, name.length)
                ? at + name.length : -1;
    }

    private static int blanks(byte[] chunk, int at) {
        while (at < chunk.length && (chunk[at] == ' ' || chunk[at] == '\t' || chunk[at] == '\n' || chunk[at] == '\r')) {
            at++;
        }
        return at;
    }

    private void append(byte[] chunk, int from, int to) {
        int need = size + (to - from);
        if (need > text.length) {
            text = Arrays.copyOf(text, Math.max(need, text.length * 2));
        }
        System.arraycopy(chunk, from, text, size, to - from);
        size = need;
    }

}
