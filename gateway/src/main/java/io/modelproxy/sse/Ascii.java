package io.modelproxy.sse;

/** ASCII names (SSE field names, JSON keys) compared in place in the bytes they were sent in. */
final class Ascii {
    private Ascii() {}

    /** Whether {@code bytes[from, to)} holds exactly the ASCII {@code text}. */
    static boolean matches(byte[] bytes, int from, int to, String text) {
        if (to - from != text.length()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (bytes[from + i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
