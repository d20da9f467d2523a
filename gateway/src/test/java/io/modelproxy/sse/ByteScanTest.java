package io.modelproxy.sse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ByteScanTest {

    private static int naive(byte[] bytes, int from, int to, byte a, byte b) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == a || bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** Every range of random arrays (bytes near the searched ones and 0x80/0xFF included) finds what a plain loop finds. */
    @Test
    void findsTheFirstMatchAsAPlainLoopDoes() {
        Random random = new Random(16);
        byte[] alphabet = {'"', '\\', '\n', '\r', '_', 0, 1, (byte) 0x80, (byte) 0xFF, '!', '#', 'a'};
        for (int round = 0; round < 2_000; round++) {
            byte[] bytes = new byte[random.nextInt(40)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = random.nextInt(4) == 0 ? alphabet[random.nextInt(alphabet.length)] : (byte) random.nextInt(256);
            }
            int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length + 1);
            int to = from + random.nextInt(bytes.length - from + 1);
            byte a = alphabet[random.nextInt(alphabet.length)];
            byte b = alphabet[random.nextInt(alphabet.length)];
            assertThat(ByteScan.indexOf(bytes, from, to, a)).isEqualTo(naive(bytes, from, to, a, a));
            assertThat(ByteScan.indexOfEither(bytes, from, to, a, b)).isEqualTo(naive(bytes, from, to, a, b));
        }
    }

    @Test
    void aMatchInTheLastWordOrTheTailIsFoundAndNothingPastTheEnd() {
        byte[] bytes = "0123456789abcdef\"x".getBytes();
        assertThat(ByteScan.indexOf(bytes, 0, bytes.length, (byte) '"')).isEqualTo(16);
        assertThat(ByteScan.indexOf(bytes, 0, 16, (byte) '"')).isEqualTo(-1);
        assertThat(ByteScan.indexOf(bytes, 3, 3, (byte) '3')).isEqualTo(-1);
        assertThat(ByteScan.indexOfEither(bytes, 0, bytes.length, (byte) 'x', (byte) 'f')).isEqualTo(15);
    }
}
