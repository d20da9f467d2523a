package io.modelproxy.ratelimit;

import java.util.concurrent.atomic.LongAdder;

/** Requests refused by a rate limit, by what the limit counts, for the gateway's life (across reloads): what metrics export. */
public final class Rejections {
    private final LongAdder requests = new LongAdder();
    private final LongAdder tokens = new LongAdder();

    void count(LimitKind kind) {
        (kind == LimitKind.REQUESTS ? requests : tokens).increment();
    }

    /** Refusals so far because of a limit of {@code kind}. */
    public long of(LimitKind kind) {
        return (kind == LimitKind.REQUESTS ? requests : tokens).sum();
    }
}
