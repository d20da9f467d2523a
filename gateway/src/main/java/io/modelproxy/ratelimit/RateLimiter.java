package io.modelproxy.ratelimit;

import io.github.bucket4j.ConsumptionProbe;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Admits requests against their client's budgets. A request takes one from every request budget that
 * applies and its token estimate from every token budget, all at once; if any budget cannot pay, what
 * the others paid is given back and the request is refused with the limit it hit. Nothing here blocks:
 * the answer is a future of the {@link Budgets} store's replies.
 */
public final class RateLimiter {
    /** The output part of an estimate when the request sets no max tokens, and its cap when it sets more. */
    public static final long OUTPUT_RESERVE = 4096;

    private final LimitPolicy policy;
    private final Budgets budgets;
    private final Rejections rejections;

    /** @param rejections where refusals are counted, kept across reloads */
    public RateLimiter(LimitPolicy policy, Budgets budgets, Rejections rejections) {
        this.policy = policy;
        this.budgets = budgets;
        this.rejections = rejections;
    }

    public boolean enabled() {
        return policy.enabled();
    }

    /**
     * What a request may cost before it runs: its input estimate plus its max output tokens, the output
     * part capped at {@link #OUTPUT_RESERVE} (clients ask for far more than they use; settling corrects it).
     *
     * @param maxTokens the request's max output tokens, null when it sets none
     */
    public static long estimate(long inputTokens, Long maxTokens) {
        long output = maxTokens == null || maxTokens <= 0 ? OUTPUT_RESERVE : Math.min(maxTokens, OUTPUT_RESERVE);
        return Math.max(0, inputTokens) + output;
    }

    /**
     * @param model the client-facing LogicalModel name
     * @param estimatedTokens see {@link #estimate(long, Long)}; a token budget is asked for at most its size,
     *     so a large request waits for a full budget instead of never passing
     */
    public CompletableFuture<Decision> admit(String client, String model, long estimatedTokens) {
        List<Limit> limits = policy.limits(client, model);
        if (limits.isEmpty()) {
            return CompletableFuture.completedFuture(new Decision.Admitted(Quotas.NONE, Reservation.NONE));
        }
        List<Long> amounts = new ArrayList<>(limits.size());
        List<CompletableFuture<ConsumptionProbe>> probes = new ArrayList<>(limits.size());
        for (Limit limit : limits) {
            long amount = limit.kind() == LimitKind.REQUESTS ? 1 : Math.min(estimatedTokens, limit.perMinute());
            amounts.add(amount);
            probes.add(budgets.tryConsume(limit.bucket(), amount));
        }
        return CompletableFuture.allOf(probes.toArray(CompletableFuture[]::new))
                .handle((ignored, error) -> error == null
                        ? decide(limits, amounts, probes.stream().map(CompletableFuture::join).toList())
                        : failed(limits, amounts, probes, error));
    }

    private Decision decide(List<Limit> limits, List<Long> amounts, List<ConsumptionProbe> probes) {
        Quota requests = null;
        Quota tokens = null;
        Limit hit = null;
        long waitNanos = 0;
        List<Reservation.Held> held = new ArrayList<>();
        for (int i = 0; i < limits.size(); i++) {
            Limit limit = limits.get(i);
            ConsumptionProbe probe = probes.get(i);
            Quota quota = Quota.of(limit, probe);
            if (limit.kind() == LimitKind.REQUESTS) {
                requests = Quota.tighter(requests, quota);
            } else {
                tokens = Quota.tighter(tokens, quota);
            }
            if (!probe.isConsumed()) {
                if (probe.getNanosToWaitForRefill() >= waitNanos) {
                    hit = limit;
                    waitNanos = probe.getNanosToWaitForRefill();
                }
            } else if (limit.kind() == LimitKind.TOKENS) {
                held.add(new Reservation.Held(limit.bucket(), amounts.get(i)));
            }
        }
        Quotas quotas = new Quotas(requests, tokens);
        if (hit == null) {
            return new Decision.Admitted(quotas, new Reservation(budgets, held));
        }
        giveBack(limits, amounts, probes);
        rejections.count(hit.kind());
        return new Decision.Limited(quotas, hit, Math.max(1, TimeUnit.NANOSECONDS.toSeconds(waitNanos + 999_999_999)));
    }

    /** A refused request costs nothing: the budgets that did pay get it back. */
    private void giveBack(List<Limit> limits, List<Long> amounts, List<ConsumptionProbe> probes) {
        for (int i = 0; i < limits.size(); i++) {
            if (probes.get(i) != null && probes.get(i).isConsumed()) {
                budgets.adjust(limits.get(i).bucket(), -amounts.get(i));
            }
        }
    }

    private Decision failed(List<Limit> limits, List<Long> amounts, List<CompletableFuture<ConsumptionProbe>> probes,
            Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        giveBack(limits, amounts, probes.stream().map(p -> p.isCompletedExceptionally() ? null : p.join()).toList());
        if (cause instanceof BudgetsUnavailableException unavailable) {
            return new Decision.Unavailable(unavailable.getMessage());
        }
        throw cause instanceof RuntimeException r ? r : new CompletionException(cause);
    }
}
