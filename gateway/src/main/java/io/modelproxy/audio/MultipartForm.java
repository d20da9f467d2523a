package io.modelproxy.audio;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds one text field of a {@code multipart/form-data} body (an audio upload's {@code model}) without
 * copying the body: the result is where the field's value sits, so the gateway can send the upload on
 * as views of the one copy it holds, with only that value replaced.
 */
public final class MultipartForm {
    private static final byte[] CRLF2 = {'\r', '\n', '\r', '\n'};

    private MultipartForm() {}

    /** Where a field's value is in the body, and the value. */
    public record Field(int start, int end, String value) {}

    /** A body that is not the multipart form it claims to be. */
    public static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The boundary of a {@code multipart/form-data} content type, or empty when it is another type.
     *
     * @throws Malformed for a multipart type without a usable boundary
     */
    public static Optional<String> boundary(String contentType) throws Malformed {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            return Optional.empty();
        }
        for (String parameter : contentType.split(";")) {
            String p = parameter.strip();
            if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String b = p.substring("boundary=".length());
                if (b.length() >= 2 && b.startsWith("\"") && b.endsWith("\"")) {
                    b = b.substring(1, b.length() - 1);
                }
                if (b.isEmpty() || b.length() > 70) {
                    throw new Malformed("the multipart boundary must be 1 to 70 characters");
                }
                return Optional.of(b);
            }
        }
        throw new Malformed("the multipart/form-data content type names no boundary");
    }

    /**
     * The first part named {@code name}, or empty when the form has none.
     *
     * @throws Malformed when the body does not start with the boundary or a part has no end
     */
    public static Optional<Field> field(byte[] body, String boundary, String name) throws Malformed {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        byte[] next = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(body, delimiter, 0);
        if (at < 0) {
            throw new Malformed("the body holds no part delimited by the boundary of its content type");
        }
        at += delimiter.length;
        while (true) {
            if (at + 2 <= body.length && body[at] == '-' && body[at + 1] == '-') {
                return Optional.empty();  // the closing delimiter
            }
            int headersEnd = indexOf(body, CRLF2, at);
            if (headersEnd < 0) {
                throw new Malformed("a part of the form has no end of its headers");
            }
            String headers = new String(body, at, headersEnd - at, StandardCharsets.ISO_8859_1);
            int valueStart = headersEnd + CRLF2.length;
            int valueEnd = indexOf(body, next, valueStart);
            if (valueEnd < 0) {
                throw new Malformed("a part of the form is not closed by the boundary");
            }
            if (name.equals(partName(headers))) {
                return Optional.of(new Field(valueStart, valueEnd,
                        new String(body, valueStart, valueEnd - valueStart, StandardCharsets.UTF_8)));
            }
            at = valueEnd + next.length;
        }
    }

    /** The {@code name} of a part's Content-Disposition header, or null. */
    private static String partName(String headers) {
        for (String line : headers.split("\r\n")) {
            if (!line.toLowerCase(Locale.ROOT).startsWith("content-disposition:")) {
                continue;
            }
            for (String parameter : line.substring(line.indexOf(':') + 1).split(";")) {
                String p = parameter.strip();
                if (p.startsWith("name=")) {
                    String value = p.substring(5);
                    return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                            ? value.substring(1, value.length() - 1) : value;
                }
            }
        }
        return null;
    }

    private static int indexOf(byte[] body, byte[] target, int from) {
        int last = body.length - target.length;
        byte first = target[0];
        for (int i = Math.max(0, from); i <= last; i++) {
            if (body[i] != first) {
                continue;
            }
            int j = 1;
            while (j < target.length && body[i + j] == target[j]) {
                j++;
            }
            if (j == target.length) {
                return i;
            }
        }
        return -1;
    }
}
