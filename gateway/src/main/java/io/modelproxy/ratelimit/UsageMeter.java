package io.modelproxy.ratelimit;

import io.modelproxy.sse.ByteScan;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the token usage an answer reports as it passes to the client, JSON or stream, in any
 * dialect: Chat's {@code prompt_tokens}/{@code completion_tokens}, Responses' and Anthropic's
 * {@code input_tokens}/{@code output_tokens} (Anthropic's stream repeats them, growing, so the largest
 * counts), and where reported the cached input ({@code cached_tokens}, {@code cache_read_input_tokens})
 * and reasoning ({@code reasoning_tokens}) tokens. A field cut across two chunks is found: the end of
 * each chunk is kept for the next.
 * Fields inside strings (tool arguments) are escaped there and do not match. One byte scan for the
 * end every field name shares ({@code _tokens"}) per chunk; nothing is decoded into text.
 */
public final class UsageMeter {
    /** How every usage field's name ends, with its closing quote: what the scan looks for. */
    private static final byte[] MARK = "_tokens\"".getBytes(StandardCharsets.US_ASCII);
    /** The longest name, {@code cache_creation_input_tokens}: how far back from a mark its opening quote may be. */
    private static final int LONGEST_NAME = 27;
    private static final int MAX_DIGITS = 12;
    /** Bytes of a chunk's end kept for the next, so a field cut across them is found. */
    private static final int CARRY = 64;

    private byte[] carry = new byte[0];
    private long input = -1;
    private long output = -1;
    private long cached = -1;
    private long cacheRead = -1;
    private long cacheCreation = -1;
    private long reasoning = -1;

    /** One chunk of the answer's body, in order. Called on the request's event loop only. */
    public void feed(byte[] chunk) {
        byte[] text = carry.length == 0 ? chunk : joined(carry, chunk);
        int end = scan(text, 0, text.length - MARK.length);
        int keep = Math.max(end, text.length - CARRY);
        carry = Arrays.copyOfRange(text, keep, text.length);
    }

    /** Whole JSON that reports usage (one stream event, in {@code json[from, to)}), apart from the answer's chunks. */
    public void read(byte[] json, int from, int to) {
        scan(json, from, to - MARK.length);
    }

    /** Reads the usage fields whose marks start in {@code [from, last]}; returns where the last one read ends (0 for none). */
    private int scan(byte[] text, int from, int last) {
        int end = 0;
        for (int i = indexOfMark(text, from, last); i >= 0; i = indexOfMark(text, i + 1, last)) {
            int fieldEnd = field(text, i);
            if (fieldEnd > 0) {
                end = fieldEnd;
                i = fieldEnd - 1;
            }
        }
        return end;
    }

    private static byte[] joined(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The first {@link #MARK} at or after {@code from}, starting no later than {@code last}; -1 when none. */
    private static int indexOfMark(byte[] text, int from, int last) {
        for (int i = ByteScan.indexOf(text, from, last + 1, (byte) '_'); i >= 0; i = ByteScan.indexOf(text, i + 1, last + 1, (byte) '_')) {
            if (text[i + 1] == 't' && matchesMark(text, i)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean matchesMark(byte[] text, int at) {
        for (int j = 2; j < MARK.length; j++) {
            if (text[at + j] != MARK[j]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads {@code "name": digits} around the mark at {@code mark} when the name is a usage field and
     * the number is whole (a non-digit follows it in {@code text}); the end of the number, else -1.
     */
    private int field(byte[] text, int mark) {
        int quote = mark - 1;
        int floor = Math.max(0, mark + MARK.length - 1 - LONGEST_NAME - 1);
        while (quote >= floor && text[quote] != '"') {
            quote--;
        }
        if (quote < floor) {
            return -1;
        }
        String name = new String(text, quote + 1, mark + MARK.length - 1 - (quote + 1), StandardCharsets.ISO_8859_1);
        int i = skipSpace(text, mark + MARK.length);
        if (i >= text.length || text[i] != ':') {
            return -1;
        }
        i = skipSpace(text, i + 1);
        int digits = i;
        long value = 0;
        while (i < text.length && i - digits <= MAX_DIGITS && text[i] >= '0' && text[i] <= '9') {
            value = value * 10 + (text[i] - '0');
            i++;
        }
        if (i == digits || i - digits > MAX_DIGITS || i >= text.length) {
            return -1;
        }
        switch (name) {
            case "prompt_tokens", "input_tokens" -> input = Math.max(input, value);
            case "completion_tokens", "output_tokens" -> output = Math.max(output, value);
            case "cached_tokens" -> cached = Math.max(cached, value);
            case "cache_read_input_tokens" -> cacheRead = Math.max(cacheRead, value);
            case "cache_creation_input_tokens" -> cacheCreation = Math.max(cacheCreation, value);
            case "reasoning_tokens" -> reasoning = Math.max(reasoning, value);
            default -> {
                return -1;
            }
        }
        return i;
    }

    /** Past JSON whitespace (and the form feed and vertical tab the pattern this replaced allowed). */
    private static int skipSpace(byte[] text, int from) {
        int i = from;
        while (i < text.length && (text[i] == ' ' || text[i] == '\n' || text[i] == '\r' || text[i] == '\t'
                || text[i] == '\f' || text[i] == 0x0B)) {
            i++;
        }
        return i;
    }

    /**
     * Input tokens reported, cached ones included (Anthropic reports cache reads and writes apart from
     * {@code input_tokens}; they are added here, as OpenTelemetry counts input), -1 when none.
     */
    public long input() {
        return input < 0 ? -1 : input + Math.max(0, cacheRead) + Math.max(0, cacheCreation);
    }

    /** Output tokens reported, -1 when none. */
    public long output() {
        return output;
    }

    /** Cached input tokens reported (read from a prompt cache), -1 when none. */
    public long cached() {
        return Math.max(cached, cacheRead);
    }

    /** Reasoning tokens reported, -1 when none. */
    public long reasoning() {
        return reasoning;
    }

    /** Input plus output tokens, or -1 when the answer reported none. */
    public long used() {
        return input < 0 && output < 0 ? -1 : Math.max(0, input) + Math.max(0, output);
    }
}
