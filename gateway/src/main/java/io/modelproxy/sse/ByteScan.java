package io.modelproxy.sse;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Byte searches eight bytes at a time (SWAR: one long read, a few arithmetic steps), for the scans every
 * streamed byte goes through: frame and line ends, the ends of JSON strings, usage fields. The lowest
 * flagged byte of a word is always a real match (a false flag can only follow a real one), so the first
 * match is exact.
 */
public final class ByteScan {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private ByteScan() {}

    /** The first index in {@code [from, to)} that holds {@code b}, or -1. */
    public static int indexOf(byte[] bytes, int from, int to, byte b) {
        long pattern = ONES * (b & 0xFF);
        int i = from;
        for (; i <= to - Long.BYTES; i += Long.BYTES) {
            long found = zeroBytes((long) LONGS.get(bytes, i) ^ pattern);
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** The first index in {@code [from, to)} that holds {@code a} or {@code b}, or -1. */
    public static int indexOfEither(byte[] bytes, int from, int to, byte a, byte b) {
        long patternA = ONES * (a & 0xFF);
        long patternB = ONES * (b & 0xFF);
        int i = from;
        for (; i <= to - Long.BYTES; i += Long.BYTES) {
            long word = (long) LONGS.get(bytes, i);
            long found = zeroBytes(word ^ patternA) | zeroBytes(word ^ patternB);
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            byte c = bytes[i];
            if (c == a || c == b) {
                return i;
            }
        }
        return -1;
    }

    /** The high bit of every byte of {@code x} that is zero (and possibly of bytes above the first such). */
    private static long zeroBytes(long x) {
        return (x - ONES) & ~x & HIGHS;
    }
}
