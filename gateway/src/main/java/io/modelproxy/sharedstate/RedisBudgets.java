package io.modelproxy.sharedstate;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.api.StatefulRedisConnection;
import io.modelproxy.api.ModelGatewaySpec.FailureMode;
import io.modelproxy.ratelimit.BucketId;
import io.modelproxy.ratelimit.Budgets;
import io.modelproxy.ratelimit.BudgetsUnavailableException;
import io.modelproxy.ratelimit.LocalBudgets;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Budgets in Redis, one Bucket4j bucket per {@link BucketId} under the gateway's key prefix, so every
 * replica draws from the same budget. While Redis does not answer, {@link FailureMode#Open} uses this
 * replica's {@link LocalBudgets} and {@link FailureMode#Closed} fails with
 * {@link BudgetsUnavailableException}.
 */
final class RedisBudgets implements Budgets {
    /** A full budget needs no key: Redis forgets it a little after it would have refilled. */
    private static final ExpirationAfterWriteStrategy EXPIRY =
            ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10));

    private final RedisLink link;
    private final String prefix;
    private final LocalBudgets local;
    private final AtomicReference<Buckets> buckets = new AtomicReference<>();

    /** The proxies of one connection. */
    private record Buckets(StatefulRedisConnection<byte[], byte[]> connection, AsyncProxyManager<byte[]> manager,
            ConcurrentHashMap<BucketId, AsyncBucketProxy> proxies) {}

    RedisBudgets(RedisLink link, String prefix, LocalBudgets local) {
        this.link = link;
        this.prefix = prefix;
        this.local = local;
    }

    @Override
    public CompletableFuture<ConsumptionProbe> tryConsume(BucketId bucket, long amount) {
        return call(bucket, proxy -> proxy.tryConsumeAndReturnRemaining(amount), () -> local.tryConsume(bucket, amount));
    }

    @Override
    public CompletableFuture<Void> adjust(BucketId bucket, long delta) {
        return call(bucket, proxy -> delta > 0 ? proxy.consumeIgnoringRateLimits(delta).thenApply(left -> null)
                : delta < 0 ? proxy.addTokens(-delta) : CompletableFuture.completedFuture(null),
                () -> local.adjust(bucket, delta));
    }

    private <T> CompletableFuture<T> call(BucketId bucket, Function<AsyncBucketProxy, CompletableFuture<T>> remote,
            java.util.function.Supplier<CompletableFuture<T>> fallback) {
        StatefulRedisConnection<byte[], byte[]> connection = link.connection();
        if (connection == null) {
            return unreachable(fallback);
        }
        CompletableFuture<T> answer;
        try {
            answer = remote.apply(proxy(connection, bucket));
        } catch (RuntimeException e) {
            link.failed(e.getClass().getSimpleName());
            return unreachable(fallback);
        }
        return answer.handle((value, error) -> {
            if (error == null) {
                return CompletableFuture.completedFuture(value);
            }
            link.failed(error.getClass().getSimpleName());
            return unreachable(fallback);
        }).thenCompose(Function.identity());
    }

    private <T> CompletableFuture<T> unreachable(java.util.function.Supplier<CompletableFuture<T>> fallback) {
        if (link.mode() == FailureMode.Closed) {
            return CompletableFuture.failedFuture(new BudgetsUnavailableException(
                    "the shared rate-limit state (Redis) is unreachable; retry shortly"));
        }
        return fallback.get();
    }

    private AsyncBucketProxy proxy(StatefulRedisConnection<byte[], byte[]> connection, BucketId bucket) {
        Buckets current = buckets.get();
        if (current == null || current.connection() != connection) {
            AsyncProxyManager<byte[]> manager = Bucket4jLettuce.casBasedBuilder(connection)
                    .expirationAfterWrite(EXPIRY)
                    .requestTimeout(RedisLink.COMMAND_TIMEOUT)
                    .build()
                    .asAsync();
            current = new Buckets(connection, manager, new ConcurrentHashMap<>());
            buckets.set(current);
        }
        AsyncProxyManager<byte[]> manager = current.manager();
        return current.proxies().computeIfAbsent(bucket, id -> manager.builder().build(
                (prefix + "budget|" + id.key()).getBytes(StandardCharsets.UTF_8),
                () -> CompletableFuture.completedFuture(
                        BucketConfiguration.builder().addLimit(LocalBudgets.bandwidth(id.perMinute())).build())));
    }
}
