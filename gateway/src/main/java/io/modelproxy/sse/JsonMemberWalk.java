package io.modelproxy.sse;

/**
 * The one pass over a JSON object that reports each member of every object in it, in document order
 * ({@link JsonFields#walk}): a stack of object-or-array bits instead of a tree.
 */
final class JsonMemberWalk {
    private JsonMemberWalk() {}

    /** Containers nested deeper than this make the walk give up (no real event comes near it). */
    private static final int MAX_DEPTH = 63;

    /** {@link JsonFields#walk}: false when the bytes are not one readable object. */
    static boolean walk(byte[] bytes, int from, int to, JsonFields.Members members) {
        JsonScanner s = new JsonScanner(bytes, to);
        int p = s.ws(from);
        if (p < 0 || bytes[p] != '{') {
            return false;
        }
        int depth = 0;
        long objects = 0; // bit d: the container at depth d is an object
        boolean key = false; // at a member's key (or an object's end) rather than at a value
        while (true) {
            p = s.ws(p);
            if (p < 0) {
                return false;
            }
            byte c = bytes[p];
            int valueEnd;
            if (key) {
                if (c != '"') {
                    return false;
                }
                int keyEnd = s.string(p);
                int value = s.memberValue(keyEnd);
                if (value < 0) {
                    return false;
                }
                boolean container = bytes[value] == '{' || bytes[value] == '[';
                int end = container ? -1 : s.value(value);
                if (!container && end < 0) {
                    return false;
                }
                if (!members.member(depth, p + 1, keyEnd - 1, value, end)) {
                    return true;
                }
                key = false;
                if (container) {
                    p = value;
                    continue;
                }
                valueEnd = end;
            } else if (c == '{' || c == '[') {
                if (++depth > MAX_DEPTH) {
                    return false;
                }
                objects = c == '{' ? objects | 1L << depth : objects & ~(1L << depth);
                int next = s.ws(p + 1);
                if (next < 0) {
                    return false;
                }
                if (bytes[next] != (c == '{' ? '}' : ']')) {
                    key = c == '{';
                    p = next;
                    continue;
                }
                depth--;
                valueEnd = next + 1;
            } else {
                valueEnd = s.value(p);
                if (valueEnd < 0) {
                    return false;
                }
            }
            // after a value: a comma, or the end of one or more containers
            while (true) {
                if (depth == 0) {
                    return true;
                }
                int q = s.ws(valueEnd);
                if (q < 0) {
                    return false;
                }
                boolean inObject = (objects & 1L << depth) != 0;
                if (bytes[q] == ',') {
                    key = inObject;
                    p = q + 1;
                    break;
                }
                if (bytes[q] != (inObject ? '}' : ']')) {
                    return false;
                }
                depth--;
                valueEnd = q + 1;
            }
        }
    }
}
