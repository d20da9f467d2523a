package io.modelproxy.ratelimit;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tokens an admitted request holds against its token budgets, an estimate until
 * {@link #settle(long)} replaces it with what the request really used: an over-estimate is given back,
 * an under-estimate is taken on top (possibly below zero: the answer was already sent, so the debt
 * delays the client's next request instead of cutting this one short).
 */
public final class Reservation {
    private static final Logger log = LoggerFactory.getLogger(Reservation.class);
    static final Reservation NONE = new Reservation(null, List.of());

    private final Budgets budgets;
    private final List<Held> held;
    private final AtomicBoolean settled = new AtomicBoolean();

    /** Tokens taken from one budget at admission. */
    record Held(BucketId bucket, long tokens) {}

    Reservation(Budgets budgets, List<Held> held) {
        this.budgets = budgets;
        this.held = List.copyOf(held);
    }

    /** The tokens reserved from each token budget, by budget. */
    public List<Long> reserved() {
        return held.stream().map(Held::tokens).toList();
    }

    /** Books the request's real usage; only the first call counts. */
    public CompletableFuture<Void> settle(long usedTokens) {
        if (held.isEmpty() || !settled.compareAndSet(false, true)) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<?>[] adjustments = held.stream()
                .map(h -> budgets.adjust(h.bucket(), Math.max(0, usedTokens) - h.tokens()))
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(adjustments).exceptionally(error -> {
            // the store is down: the estimate stands; its own outage is logged and counted there
            log.debug("settling a token reservation failed: {}", error.toString());
            return null;
        });
    }
}
