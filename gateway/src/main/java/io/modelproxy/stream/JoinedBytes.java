package io.modelproxy.stream;

import java.util.ArrayList;
import java.util.List;

/** Client bytes made in parts (one read's frames, one frame's events), joined with one copy, none for a single part. */
final class JoinedBytes {
    private static final byte[] NONE = new byte[0];
    /** Room for two at first (a held stream keeps the list for its life); a read of many frames grows it. */
    private final List<byte[]> parts = new ArrayList<>(2);
    private int size;

    void add(byte[] part) {
        if (part.length > 0) {
            parts.add(part);
            size += part.length;
        }
    }

    /** Everything added since the last join, as one array; starts over. */
    byte[] join() {
        byte[] joined;
        if (parts.size() <= 1) {
            joined = parts.isEmpty() ? NONE : parts.getFirst();
        } else {
            joined = new byte[size];
            int at = 0;
            for (byte[] part : parts) {
                System.arraycopy(part, 0, joined, at, part.length);
                at += part.length;
            }
        }
        parts.clear();
        size = 0;
        return joined;
    }
}
