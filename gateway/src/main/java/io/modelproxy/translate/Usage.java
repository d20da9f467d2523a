package io.modelproxy.translate;

/**
 * Token usage the Anthropic way: {@code input} excludes cached tokens ({@code cacheRead},
 * {@code cacheCreation}); OpenAI's prompt total is {@link #promptTotal()} (TRANSLATION.md §2.4).
 *
 * @param reasoning reasoning tokens included in {@code output}, or null when the upstream did not say
 */
public record Usage(long input, long cacheRead, long cacheCreation, long output, Long reasoning) {
    public static final Usage ZERO = new Usage(0, 0, 0, 0, null);

    /** From OpenAI-style numbers where the prompt total includes cache reads and writes. */
    public static Usage fromPromptTotal(long promptTotal, long cached, long cacheWrite, long output, Long reasoning) {
        long total = Math.max(promptTotal, 0);
        long read = Math.min(Math.max(cached, 0), total);
        long write = Math.min(Math.max(cacheWrite, 0), total - read);
        return new Usage(total - read - write, read, write, Math.max(output, 0), reasoning);
    }

    public long promptTotal() {
        return input + cacheRead + cacheCreation;
    }

    public long total() {
        return promptTotal() + output;
    }
}
