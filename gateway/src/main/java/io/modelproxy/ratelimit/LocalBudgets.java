package io.modelproxy.ratelimit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Budgets held in this process: one Bucket4j bucket per {@link BucketId}. There are as many as there
 * are configured clients times the limits that apply to them, so the map stays small.
 */
public final class LocalBudgets implements Budgets {
    private final ConcurrentHashMap<BucketId, Bucket> buckets = new ConcurrentHashMap<>();

    @Override
    public CompletableFuture<ConsumptionProbe> tryConsume(BucketId bucket, long amount) {
        return CompletableFuture.completedFuture(bucket(bucket).tryConsumeAndReturnRemaining(amount));
    }

    @Override
    public CompletableFuture<Void> adjust(BucketId bucket, long delta) {
        if (delta > 0) {
            bucket(bucket).consumeIgnoringRateLimits(delta);
        } else if (delta < 0) {
            bucket(bucket).addTokens(-delta);
        }
        return CompletableFuture.completedFuture(null);
    }

    private Bucket bucket(BucketId id) {
        return buckets.computeIfAbsent(id, key -> Bucket.builder().addLimit(bandwidth(key.perMinute())).build());
    }

    /** The one shape of every budget, here and in a shared store: full at start, refilled evenly over a minute. */
    public static Bandwidth bandwidth(long perMinute) {
        return Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build();
    }
}
