package io.modelproxy.ratelimit;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the token usage an answer reports as it passes to the client, JSON or stream, in any
 * dialect: Chat's {@code prompt_tokens}/{@code completion_tokens}, Responses' and Anthropic's
 * {@code input_tokens}/{@code output_tokens} (Anthropic's stream repeats them, growing, so the largest
 * counts), and where reported the cached input ({@code cached_tokens}, {@code cache_read_input_tokens})
 * and reasoning ({@code reasoning_tokens}) tokens. A field cut across two chunks is found: the end of
 * each chunk is kept for the next.
 * Fields inside strings (tool arguments) are escaped there and do not match.
 */
public final class UsageMeter {
    private static final Pattern FIELD =
            Pattern.compile("\"(prompt_tokens|input_tokens|completion_tokens|output_tokens|cached_tokens"
                    + "|cache_read_input_tokens|cache_creation_input_tokens|reasoning_tokens)\"\\s*:\\s*(\\d{1,12})(?=\\D)");
    private static final int CARRY = 64;
    /** How every usage field's name ends: a chunk without it (and no part of it at its edges) is skipped. */
    private static final byte[] MARK = "_tokens\"".getBytes(StandardCharsets.US_ASCII);

    private String carry = "";
    private long input = -1;
    private long output = -1;
    private long cached = -1;
    private long cacheRead = -1;
    private long cacheCreation = -1;
    private long reasoning = -1;

    /** One chunk of the answer's body, in order. Called on the request's event loop only. */
    public void feed(byte[] chunk) {
        if (!mayHoldField(chunk)) {
            carry = tail(chunk);
            return;
        }
        String text = carry + new String(chunk, StandardCharsets.ISO_8859_1);
        Matcher m = FIELD.matcher(text);
        int end = 0;
        while (m.find()) {
            long value = Long.parseLong(m.group(2));
            switch (m.group(1)) {
                case "prompt_tokens", "input_tokens" -> input = Math.max(input, value);
                case "completion_tokens", "output_tokens" -> output = Math.max(output, value);
                case "cached_tokens" -> cached = Math.max(cached, value);
                case "cache_read_input_tokens" -> cacheRead = Math.max(cacheRead, value);
                case "cache_creation_input_tokens" -> cacheCreation = Math.max(cacheCreation, value);
                default -> reasoning = Math.max(reasoning, value);
            }
            end = m.end();
        }
        int keep = Math.max(end, text.length() - CARRY);
        carry = text.substring(keep);
    }

    /** Whether {@code carry + chunk} holds a field name's end, found with a byte scan instead of the pattern. */
    private boolean mayHoldField(byte[] chunk) {
        if (carry.contains("_tokens\"")) {
            return true;
        }
        int head = Math.min(chunk.length, MARK.length - 1);
        String edge = carry.substring(Math.max(0, carry.length() - (MARK.length - 1)))
                + new String(chunk, 0, head, StandardCharsets.ISO_8859_1);
        if (edge.contains("_tokens\"")) {
            return true;
        }
        int last = chunk.length - MARK.length;
        for (int i = 0; i <= last; i++) {
            if (chunk[i] == '_' && chunk[i + 1] == 't' && matchesMark(chunk, i)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesMark(byte[] chunk, int at) {
        for (int j = 2; j < MARK.length; j++) {
            if (chunk[at + j] != MARK[j]) {
                return false;
            }
        }
        return true;
    }

    /** The last {@link #CARRY} characters of {@code carry + chunk}, as the pattern's path keeps them. */
    private String tail(byte[] chunk) {
        if (chunk.length >= CARRY) {
            return new String(chunk, chunk.length - CARRY, CARRY, StandardCharsets.ISO_8859_1);
        }
        String text = carry + new String(chunk, StandardCharsets.ISO_8859_1);
        return text.substring(Math.max(0, text.length() - CARRY));
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
