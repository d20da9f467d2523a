package io.modelproxy.sse;

import io.modelproxy.sse.JsonFields.Span;

/**
 * The value at a path of object keys from a JSON document's root object, found by skipping every value
 * it does not need (no tree, no copies).
 */
final class JsonPathLookup {
    private JsonPathLookup() {}

    /** What {@link #scan} returns for input it cannot read (as opposed to null: read, key absent). */
    static final Span MALFORMED = new Span(-1, -1);

    /** The span of the value at {@code path} below the first value in {@code bytes[from, to)}; null when absent, MALFORMED when unreadable. */
    static Span scan(byte[] bytes, int from, int to, String... path) {
        JsonScanner s = new JsonScanner(bytes, to);
        int p = s.ws(from);
        if (p < 0 || bytes[p] != '{') {
            return MALFORMED;
        }
        return inObject(s, p, path, 0);
    }

    /** The value at the path below the object at {@code p}; null when absent, MALFORMED when unreadable. */
    private static Span inObject(JsonScanner s, int p, String[] path, int depth) {
        byte[] b = s.b;
        p = s.ws(p + 1);
        if (p < 0) {
            return MALFORMED;
        }
        if (b[p] == '}') {
            return null;
        }
        while (true) {
            if (b[p] != '"') {
                return MALFORMED;
            }
            int keyEnd = s.string(p);
            int value = s.memberValue(keyEnd);
            if (value < 0) {
                return MALFORMED;
            }
            int valueEnd = s.value(value);
            if (valueEnd < 0) {
                return MALFORMED;
            }
            if (Ascii.matches(b, p + 1, keyEnd - 1, path[depth])) {
                if (depth == path.length - 1) {
                    return new Span(value, valueEnd);
                }
                return b[value] == '{' ? inObject(s, value, path, depth + 1) : null;
            }
            int after = s.ws(valueEnd);
            if (after < 0) {
                return MALFORMED;
            }
            if (b[after] == '}') {
                return null;
            }
            if (b[after] != ',') {
                return MALFORMED;
            }
            p = s.ws(after + 1);
            if (p < 0) {
                return MALFORMED;
            }
        }
    }
}
