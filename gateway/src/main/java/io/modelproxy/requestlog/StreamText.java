package io.modelproxy.requestlog;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Picks the generated text out of stream events of any dialect (the string values of {@code content},
 * {@code text}, {@code delta}, {@code thinking}, {@code partial_json} and {@code arguments}), to
 * estimate the output tokens of a stream whose upstream reports no usage. A value cut across two
 * chunks is partly lost; for an estimate that is fine.
 */
final class StreamText {
    private static final byte[][] FIELDS = {bytes("\"content\":\""), bytes("\"text\":\""), bytes("\"delta\":\""),
            bytes("\"thinking\":\""), bytes("\"partial_json\":\""), bytes("\"arguments\":\"")};

    private StreamText() {}

    static void collect(byte[] chunk, ByteArrayOutputStream out) {
        for (int i = 0; i < chunk.length; i++) {
            if (chunk[i] != '"') {
                continue;
            }
            for (byte[] field : FIELDS) {
                if (startsWith(chunk, i, field)) {
                    int start = i + field.length;
                    int end = start;
                    while (end < chunk.length && chunk[end] != '"') {
                        end += chunk[end] == '\\' ? 2 : 1;
                    }
                    end = Math.min(end, chunk.length);
                    out.write(chunk, start, end - start);
                    i = end;
                    break;
                }
            }
        }
    }

    private static boolean startsWith(byte[] chunk, int at, byte[] field) {
        if (at + field.length > chunk.length) {
            return false;
        }
        for (int j = 0; j < field.length; j++) {
            if (chunk[at + j] != field[j]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
