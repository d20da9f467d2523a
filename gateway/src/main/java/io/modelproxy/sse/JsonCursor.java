package io.modelproxy.sse;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * A forward-only pull reader over the JSON in {@code bytes[from, to)}, for hot paths that read a few
 * members of a small document of known shape (a stream chunk) and skip the rest: objects are walked
 * member by member, keys compared on their bytes, unwanted values skipped by a scan, and only the
 * strings asked for become Strings. No tree, no token objects, no copies. A container once entered is
 * read to its end ({@link #nextMember} or {@link #nextElement} returning false), then the reader is
 * back in the enclosing one. Malformed input ends the read with {@link Malformed} (no stack trace:
 * the caller treats the document as unreadable).
 */
public final class JsonCursor {
    /** The document is not the JSON the reader was walking. */
    public static final class Malformed extends RuntimeException {
        private static final Malformed INSTANCE = new Malformed();

        private Malformed() {
            super("malformed JSON", null, false, false);
        }
    }

    private final JsonScanner scan;
    private final byte[] b;
    /** Where the reader is: the start of the next value, or of the next member or element separator. */
    private int at;
    private int keyStart;
    private int keyEnd;
    private int valueStart;
    private boolean valueRead;
    /** At the first member or element of the container being read: no separator before it. */
    private boolean first;

    public JsonCursor(byte[] bytes, int from, int to) {
        this.b = bytes;
        this.scan = new JsonScanner(bytes, to);
        this.at = from;
    }

    /**
     * Reads the JSON object in {@code bytes[from, to)}: {@code member} is called at each member of the
     * root object, with the reader at it (it may read the value, or leave it to be skipped). False when
     * the bytes are not one readable object; whatever {@code member} saw until then may be all there was.
     */
    public static boolean readObject(byte[] bytes, int from, int to, Consumer<JsonCursor> member) {
        try {
            JsonCursor json = new JsonCursor(bytes, from, to);
            if (!json.enterObject()) {
                return false;
            }
            while (json.nextMember()) {
                member.accept(json);
            }
            return true;
        } catch (Malformed e) {
            return false;
        }
    }

    /** Opens the object that starts here; false (nothing consumed) when the value is no object. */
    public boolean enterObject() {
        return enter((byte) '{');
    }

    /** Opens the array that starts here; false (nothing consumed) when the value is no array. */
    public boolean enterArray() {
        return enter((byte) '[');
    }

    /**
     * Moves to the next member of the object being read (skipping the value of the last one if it was
     * not read); false at the object's end, which is then consumed.
     */
    public boolean nextMember() {
        int p = next((byte) '}');
        if (p < 0) {
            return false;
        }
        if (b[p] != '"') {
            throw Malformed.INSTANCE;
        }
        int end = scan.string(p);
        int value = scan.memberValue(end);
        if (end < 0 || value < 0) {
            throw Malformed.INSTANCE;
        }
        keyStart = p + 1;
        keyEnd = end - 1;
        valueStart = value;
        at = value;
        valueRead = false;
        return true;
    }

    /** Moves to the next element of the array being read (skipping the last one if not read); false at its end, consumed. */
    public boolean nextElement() {
        int p = next((byte) ']');
        if (p < 0) {
            return false;
        }
        valueStart = p;
        at = p;
        valueRead = false;
        return true;
    }

    private boolean enter(byte open) {
        int p = scan.ws(at);
        if (p < 0) {
            throw Malformed.INSTANCE;
        }
        if (b[p] != open) {
            return false;
        }
        at = p + 1;
        valueRead = true;
        first = true;
        return true;
    }

    /** Where the next member or element starts, past its separator; -1 at the container's end ({@code close}, consumed). */
    private int next(byte close) {
        if (!valueRead) {
            skipValue();
        }
        int p = scan.ws(at);
        if (p < 0) {
            throw Malformed.INSTANCE;
        }
        if (b[p] == close) {
            at = p + 1;
            first = false;
            return -1;
        }
        if (!first) {
            if (b[p] != ',') {
                throw Malformed.INSTANCE;
            }
            p = scan.ws(p + 1);
            if (p < 0) {
                throw Malformed.INSTANCE;
            }
        }
        first = false;
        return p;
    }

    /** Whether the current member's key is exactly the ASCII {@code key}. */
    public boolean keyIs(byte[] key) {
        return JsonFields.keyIs(b, keyStart, keyEnd, key);
    }


    /** The first byte of the current value: {@code "}, {@code {}, {@code [}, a digit, {@code -}, {@code t}, {@code f} or {@code n}. */
    public byte valueType() {
        return b[valueStart];
    }

    /** Where the current value starts. */
    public int valueStart() {
        return valueStart;
    }

    /** Skips the current value; returns where it ends. */
    public int skipValue() {
        int end = scan.value(valueStart);
        if (end < 0) {
            throw Malformed.INSTANCE;
        }
        at = end;
        valueRead = true;
        return end;
    }

    /** The current value as a String when it is a JSON string (escapes decoded), else null; the value is consumed. */
    public String string() {
        if (b[valueStart] != '"') {
            skipValue();
            return null;
        }
        int end = skipValue();
        return decode(b, valueStart + 1, end - 1);
    }

    /** The current value read as an int: a number (its integral part), or 0 when it is none; consumed. */
    public int intValue() {
        int end = skipValue();
        long v = 0;
        int i = valueStart;
        boolean negative = i < end && b[i] == '-';
        if (negative) {
            i++;
        }
        for (; i < end && b[i] >= '0' && b[i] <= '9'; i++) {
            v = Math.min(v * 10 + (b[i] - '0'), Integer.MAX_VALUE);
        }
        return (int) (negative ? -v : v);
    }

    /** Whether the current value is JSON null. */
    public boolean isNull() {
        return b[valueStart] == 'n';
    }

    /** The content of a JSON string literal, {@code bytes[from, to)} between its quotes, with its escapes decoded. */
    public static String decode(byte[] bytes, int from, int to) {
        int slash = ByteScan.indexOf(bytes, from, to, (byte) '\\');
        if (slash < 0) {
            return new String(bytes, from, to - from, StandardCharsets.UTF_8);
        }
        StringBuilder out = new StringBuilder(to - from);
        int start = from;
        while (slash >= 0) {
            out.append(new String(bytes, start, slash - start, StandardCharsets.UTF_8));
            if (slash + 1 >= to) {
                throw Malformed.INSTANCE;
            }
            byte c = bytes[slash + 1];
            int next = slash + 2;
            switch (c) {
                case '"', '\\', '/' -> out.append((char) c);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (slash + 6 > to) {
                        throw Malformed.INSTANCE;
                    }
                    out.append((char) hex4(bytes, slash + 2));
                    next = slash + 6;
                }
                default -> throw Malformed.INSTANCE;
            }
            start = next;
            slash = ByteScan.indexOf(bytes, start, to, (byte) '\\');
        }
        return out.append(new String(bytes, start, to - start, StandardCharsets.UTF_8)).toString();
    }

    private static int hex4(byte[] bytes, int at) {
        int v = 0;
        for (int i = at; i < at + 4; i++) {
            int d = Character.digit(bytes[i], 16);
            if (d < 0) {
                throw Malformed.INSTANCE;
            }
            v = v << 4 | d;
        }
        return v;
    }
}
