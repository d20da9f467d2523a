package io.modelproxy.ratelimit;

import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpHeadersBuilder;
import io.modelproxy.api.Dialect;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;

/**
 * The request and token budgets of one answer, in the headers each client family reads: OpenAI's
 * {@code x-ratelimit-*} (reset as a duration such as {@code 6m0s}) or Anthropic's
 * {@code anthropic-ratelimit-*} (reset as an RFC 3339 time). A kind without a limit has no headers.
 *
 * @param requests the tightest request budget, null when none applies
 * @param tokens the tightest token budget, null when none applies
 */
public record Quotas(Quota requests, Quota tokens) {
    public static final Quotas NONE = new Quotas(null, null);

    public boolean isEmpty() {
        return requests == null && tokens == null;
    }

    /** The limit headers for a client of {@code dialect}. */
    public HttpHeaders headers(Dialect dialect, Instant now) {
        HttpHeadersBuilder headers = HttpHeaders.builder();
        add(headers, dialect, LimitKind.REQUESTS, requests, now);
        add(headers, dialect, LimitKind.TOKENS, tokens, now);
        return headers.build();
    }

    private static void add(HttpHeadersBuilder headers, Dialect dialect, LimitKind kind, Quota quota, Instant now) {
        if (quota == null) {
            return;
        }
        if (dialect == Dialect.AnthropicMessages) {
            String prefix = "anthropic-ratelimit-" + kind.word() + "-";
            headers.set(prefix + "limit", Long.toString(quota.limit()))
                    .set(prefix + "remaining", Long.toString(quota.remaining()))
                    .set(prefix + "reset", now.plusNanos(quota.resetNanos()).truncatedTo(ChronoUnit.SECONDS).toString());
        } else {
            headers.set("x-ratelimit-limit-" + kind.word(), Long.toString(quota.limit()))
                    .set("x-ratelimit-remaining-" + kind.word(), Long.toString(quota.remaining()))
                    .set("x-ratelimit-reset-" + kind.word(), duration(quota.resetNanos()));
        }
    }

    /** OpenAI's form: {@code 20ms}, {@code 1s}, {@code 6m0s}. */
    static String duration(long nanos) {
        long millis = TimeUnit.NANOSECONDS.toMillis(nanos + 999_999);
        if (millis < 1000) {
            return millis + "ms";
        }
        long seconds = (millis + 999) / 1000;
        return seconds < 60 ? seconds + "s" : seconds / 60 + "m" + seconds % 60 + "s";
    }
}
