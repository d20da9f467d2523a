package io.modelproxy.sse;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Finds and replaces single fields in JSON bytes without parsing the document into a tree: the hot
 * path rewrites {@code model} in every response and stream frame, and a tree round trip would cost a
 * full parse and serialisation each time (and reorder nothing, lose nothing, but still be slow).
 *
 * <p>The scanner skips values it does not need; on malformed input it reports "not found" rather
 * than throwing, and the caller then leaves the bytes as they are.
 */
public final class JsonFields {
    private JsonFields() {}

    /** A half-open byte range {@code [start, end)}. */
    public record Span(int start, int end) {}

    /** The bytes of an ASCII key or piece of JSON, to compare with or write as they are. */
    public static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** The JSON string literal for {@code value}, quotes included, as UTF-8. */
    public static byte[] quoted(String value) {
        byte[] inner = JsonStringEncoder.getInstance().quoteAsUTF8(value);
        byte[] out = new byte[inner.length + 2];
        out[0] = '"';
        System.arraycopy(inner, 0, out, 1, inner.length);
        out[out.length - 1] = '"';
        return out;
    }

    /**
     * The span of the value at {@code path} (object keys from the root object, the first value in
     * {@code bytes[from, to)}), or null when absent or malformed.
     */
    public static Span find(byte[] bytes, int from, int to, String... path) {
        Span span = JsonPathLookup.scan(bytes, from, to, path);
        return span == JsonPathLookup.MALFORMED ? null : span;
    }

    /** Like {@link #find} but only when the value is a string (span includes the quotes). */
    public static Span findString(byte[] bytes, int from, int to, String... path) {
        Span span = find(bytes, from, to, path);
        return span != null && bytes[span.start()] == '"' ? span : null;
    }

    /** The integer at {@code path}, or -1 when absent or not a non-negative integer. */
    public static long findLong(byte[] bytes, int from, int to, String... path) {
        Span span = find(bytes, from, to, path);
        if (span == null || span.end() - span.start() > 18) {
            return -1;
        }
        long v = 0;
        for (int i = span.start(); i < span.end(); i++) {
            byte c = bytes[i];
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return span.end() > span.start() ? v : -1;
    }

    /** {@code bytes} with {@code span} replaced by {@code replacement}. */
    public static byte[] replace(byte[] bytes, Span span, byte[] replacement) {
        return replace(bytes, 0, bytes.length, span, replacement);
    }

    /** {@code bytes[from, to)} with {@code span} replaced by {@code replacement}. */
    public static byte[] replace(byte[] bytes, int from, int to, Span span, byte[] replacement) {
        byte[] out = new byte[(to - from) - (span.end() - span.start()) + replacement.length];
        int head = span.start() - from;
        System.arraycopy(bytes, from, out, 0, head);
        System.arraycopy(replacement, 0, out, head, replacement.length);
        System.arraycopy(bytes, span.end(), out, head + replacement.length, to - span.end());
        return out;
    }

    /**
     * A JSON object with its top-level string field {@code key} set to the quoted value: replaced where
     * present, inserted first where absent; {@code bytes} itself when it is not a readable object, the
     * field is not a string, or it already holds that value.
     */
    public static byte[] withTopLevelString(byte[] bytes, String key, byte[] quotedValue) {
        Span span = JsonPathLookup.scan(bytes, 0, bytes.length, key);
        if (span == JsonPathLookup.MALFORMED) {
            return bytes;
        }
        if (span != null) {
            if (bytes[span.start()] != '"' || regionEquals(bytes, span, quotedValue)) {
                return bytes;
            }
            return replace(bytes, span, quotedValue);
        }
        JsonScanner s = new JsonScanner(bytes, bytes.length);
        int open = s.ws(0);
        int next = s.ws(open + 1);
        boolean empty = next >= 0 && bytes[next] == '}';
        byte[] field = ("\"" + key + "\":").getBytes(StandardCharsets.US_ASCII);
        byte[] insert = new byte[field.length + quotedValue.length + (empty ? 0 : 1)];
        System.arraycopy(field, 0, insert, 0, field.length);
        System.arraycopy(quotedValue, 0, insert, field.length, quotedValue.length);
        if (!empty) {
            insert[insert.length - 1] = ',';
        }
        return replace(bytes, new Span(open + 1, open + 1), insert);
    }

    /** What {@link #walk} reports: each member of every object, in document order. */
    public interface Members {
        /**
         * One member: its key is {@code bytes[keyStart, keyEnd)} (between its quotes, escapes as sent)
         * and its value starts at {@code valueStart}, after any whitespace.
         *
         * @param depth 1 for the root object's members, 2 for those of an object inside it, and so on
         *     (arrays count as a level)
         * @param valueEnd the end of a string or scalar value; -1 for an object or array, whose
         *     members follow
         * @return false to stop the walk here
         */
        boolean member(int depth, int keyStart, int keyEnd, int valueStart, int valueEnd);
    }

    /**
     * Walks the JSON object in {@code bytes[from, to)} once, front to back, and reports every member at
     * any depth to {@code members}: one pass with no tree and no copies, correct for any JSON
     * whitespace, and string contents never taken for keys. Returns false when the bytes are not one
     * readable object (then whatever was reported before may be all there is).
     */
    public static boolean walk(byte[] bytes, int from, int to, Members members) {
        return JsonMemberWalk.walk(bytes, from, to, members);
    }

    /** Whether {@code bytes[start, end)} holds exactly the ASCII {@code key}. */
    public static boolean keyIs(byte[] bytes, int start, int end, byte[] key) {
        // most keys differ in length or first letter: no range-checked comparison for them
        return end - start == key.length && (key.length == 0 || bytes[start] == key[0])
                && Arrays.equals(bytes, start, end, key, 0, key.length);
    }

    /** True when {@code bytes[span]} equals {@code other}. */
    public static boolean regionEquals(byte[] bytes, Span span, byte[] other) {
        int n = span.end() - span.start();
        if (n != other.length) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (bytes[span.start() + i] != other[i]) {
                return false;
            }
        }
        return true;
    }
}
