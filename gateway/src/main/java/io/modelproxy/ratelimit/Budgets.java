package io.modelproxy.ratelimit;

import io.github.bucket4j.ConsumptionProbe;
import java.util.concurrent.CompletableFuture;

/**
 * Where the budgets live: this process ({@link LocalBudgets}) or a store the replicas share. Every
 * budget is a Bucket4j bucket of {@link BucketId#perMinute()} tokens that refills greedily over a
 * minute. Calls never block; a store that cannot answer fails the future with
 * {@link BudgetsUnavailableException}.
 */
public interface Budgets {

    /** Takes {@code amount} from the budget if it holds that much; the probe says what is left and when it refills. */
    CompletableFuture<ConsumptionProbe> tryConsume(BucketId bucket, long amount);

    /**
     * Corrects a budget after the fact: a positive {@code delta} is taken even if the budget goes below
     * zero (spent is spent; the debt delays the next admission), a negative one is given back.
     */
    CompletableFuture<Void> adjust(BucketId bucket, long delta);
}
