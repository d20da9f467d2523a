package io.modelproxy.sse;

/**
 * A forward-only scanner over the JSON in {@code bytes[.., end)}: where whitespace, a string or a whole
 * value ends. Every method returns -1 on malformed input; none of them allocates.
 */
final class JsonScanner {
    /** The bytes that end a number, {@code true}, {@code false} or {@code null}: one table look-up per byte. */
    private static final boolean[] ENDS_SCALAR = new boolean[256];

    static {
        for (char c : new char[] {',', '}', ']', ' ', '\n', '\r', '\t'}) {
            ENDS_SCALAR[c] = true;
        }
    }

    final byte[] b;
    private final int end;

    JsonScanner(byte[] b, int end) {
        this.b = b;
        this.end = Math.min(end, b.length);
    }

    /** The first position at or after {@code p} that is not JSON whitespace. */
    int ws(int p) {
        while (p >= 0 && p < end) {
            byte c = b[p];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return p;
            }
            p++;
        }
        return -1;
    }

    /** Where the value of a member starts, after the colon that follows its key ending at {@code keyEnd}. */
    int memberValue(int keyEnd) {
        int colon = ws(keyEnd);
        return colon < 0 || b[colon] != ':' ? -1 : ws(colon + 1);
    }

    /** End of the string starting at the quote at {@code p}. */
    int string(int p) {
        if (p < 0) {
            return -1;
        }
        int i = p + 1;
        while (i < end) {
            i = ByteScan.indexOfEither(b, i, end, (byte) '"', (byte) '\\');
            if (i < 0) {
                return -1;
            }
            if (b[i] == '"') {
                return i + 1;
            }
            i += 2;
        }
        return -1;
    }

    /** End of the value starting at {@code p}. */
    int value(int p) {
        if (p < 0 || p >= end) {
            return -1;
        }
        byte c = b[p];
        if (c == '"') {
            return string(p);
        }
        if (c == '{' || c == '[') {
            int depth = 0;
            for (int i = p; i < end; i++) {
                byte x = b[i];
                if (x == '"') {
                    i = string(i) - 1;
                    if (i < 0) {
                        return -1;
                    }
                } else if (x == '{' || x == '[') {
                    depth++;
                } else if (x == '}' || x == ']') {
                    if (--depth == 0) {
                        return i + 1;
                    }
                }
            }
            return -1;
        }
        int i = p;
        while (i < end && !ENDS_SCALAR[b[i] & 0xFF]) {
            i++;
        }
        return i > p ? i : -1;
    }
}
