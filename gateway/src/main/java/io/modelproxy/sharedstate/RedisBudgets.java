package io.modelproxy.sharedstate;

import io.github.bucket4j.ConsumptionProbe;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.modelproxy.api.ModelGatewaySpec.FailureMode;
import io.modelproxy.ratelimit.BucketId;
import io.modelproxy.ratelimit.Budgets;
import io.modelproxy.ratelimit.BudgetsUnavailableException;
import io.modelproxy.ratelimit.LocalBudgets;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Budgets in Redis, one token bucket per {@link BucketId} under the gateway's key prefix, so every
 * replica draws from the same budget. Each call is one script run in Redis: it refills the bucket by
 * the time passed (Redis's own clock, so replicas' clocks do not matter), takes or gives back tokens
 * and answers what is left, in one round trip with no compare-and-swap retries under contention. The
 * bucket has the shape of {@link LocalBudgets#bandwidth}: full at start, refilled evenly over a
 * minute, and a full bucket's key expires. While Redis does not answer, {@link FailureMode#Open} uses
 * this replica's {@link LocalBudgets} and {@link FailureMode#Closed} fails with
 * {@link BudgetsUnavailableException}.
 */
final class RedisBudgets implements Budgets {
    private static final long MINUTE_MICROS = 60_000_000L;
    /**
     * KEYS[1] the bucket; ARGV capacity per minute, amount, and "take" (only if the bucket holds it)
     * or "force" (taken even below zero, or given back when negative, never above capacity). Answers
     * {consumed 0|1, tokens left, microseconds until the amount would be there, microseconds until full}.
     */
    private static final String SCRIPT = """
            local cap = tonumber(ARGV[1])
            local amount = tonumber(ARGV[2])
            local clock = redis.call('TIME')
            local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
            local state = redis.call('HMGET', KEYS[1], 't', 'n')
            local tokens = cap
            if state[1] then
              tokens = tonumber(state[2])
              local last = tonumber(state[1])
              if now > last then tokens = math.min(cap, tokens + (now - last) * cap / %1$d) end
            end
            local consumed = 0
            if ARGV[3] == 'force' then
              tokens = math.min(cap, tokens - amount)
              consumed = 1
            elseif tokens >= amount then
              tokens = tokens - amount
              consumed = 1
            end
            local untilFull = math.ceil((cap - tokens) * %1$d / cap)
            redis.call('HSET', KEYS[1], 't', now, 'n', tostring(tokens))
            redis.call('PEXPIRE', KEYS[1], math.floor(untilFull / 1000) + 10000)
            local wait = 0
            if consumed == 0 then wait = math.ceil((amount - tokens) * %1$d / cap) end
            return {consumed, math.floor(tokens), wait, untilFull}
            """.formatted(MINUTE_MICROS);

    private final RedisLink link;
    private final String prefix;
    private final LocalBudgets local;

    RedisBudgets(RedisLink link, String prefix, LocalBudgets local) {
        this.link = link;
        this.prefix = prefix;
        this.local = local;
    }

    @Override
    public CompletableFuture<ConsumptionProbe> tryConsume(BucketId bucket, long amount) {
        return call(bucket, amount, "take", answer -> {
            long left = answer.get(1);
            long untilFullNanos = answer.get(3) * 1000;
            return answer.get(0) == 1 ? ConsumptionProbe.consumed(left, untilFullNanos)
                    : ConsumptionProbe.rejected(left, answer.get(2) * 1000, untilFullNanos);
        }, () -> local.tryConsume(bucket, amount));
    }

    @Override
    public CompletableFuture<Void> adjust(BucketId bucket, long delta) {
        if (delta == 0) {
            return CompletableFuture.completedFuture(null);
        }
        return call(bucket, delta, "force", answer -> null, () -> local.adjust(bucket, delta));
    }

    private <T> CompletableFuture<T> call(BucketId bucket, long amount, String mode, Function<List<Long>, T> read,
            Supplier<CompletableFuture<T>> fallback) {
        StatefulRedisConnection<byte[], byte[]> connection = link.connection();
        if (connection == null) {
            return unreachable(fallback);
        }
        CompletableFuture<List<Object>> answer;
        try {
            answer = connection.async().<List<Object>>eval(SCRIPT, ScriptOutputType.MULTI,
                    new byte[][] {(prefix + "bucket|" + bucket.key()).getBytes(StandardCharsets.UTF_8)},
                    bytes(bucket.perMinute()), bytes(amount), mode.getBytes(StandardCharsets.US_ASCII))
                    .toCompletableFuture();
        } catch (RuntimeException e) {
            link.failed(e.getClass().getSimpleName());
            return unreachable(fallback);
        }
        return answer.handle((values, error) -> {
            if (error == null) {
                return CompletableFuture.completedFuture(read.apply(values.stream().map(Long.class::cast).toList()));
            }
            link.failed(error.getClass().getSimpleName());
            return unreachable(fallback);
        }).thenCompose(Function.identity());
    }

    private static byte[] bytes(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }

    private <T> CompletableFuture<T> unreachable(Supplier<CompletableFuture<T>> fallback) {
        if (link.mode() == FailureMode.Closed) {
            return CompletableFuture.failedFuture(new BudgetsUnavailableException(
                    "the shared rate-limit state (Redis) is unreachable; retry shortly"));
        }
        return fallback.get();
    }
}
