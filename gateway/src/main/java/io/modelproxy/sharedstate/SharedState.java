package io.modelproxy.sharedstate;

import io.modelproxy.api.ModelGatewaySpec.FailureMode;
import io.modelproxy.config.SharedStateSettings;
import io.modelproxy.ratelimit.Budgets;
import io.modelproxy.ratelimit.LocalBudgets;
import java.time.InstantSource;

/**
 * What the replicas of a gateway share through Redis ({@code spec.sharedState.redis}): rate-limit
 * budgets and key cooldowns. Connecting never blocks: until Redis answers, and whenever it stops,
 * the failure mode decides ({@link FailureMode#Open}: each replica's own state, {@link FailureMode#Closed}:
 * 503).
 */
public final class SharedState implements AutoCloseable {
    private final RedisLink link;
    private final String prefix;
    private final SharedCooldowns cooldowns;

    private SharedState(RedisLink link, String prefix, InstantSource clock) {
        this.link = link;
        this.prefix = prefix;
        this.cooldowns = new SharedCooldowns(link, prefix, clock);
    }

    /**
     * Starts connecting to the server of {@code settings}.
     *
     * @param password the value of {@link SharedStateSettings#password()}, null for none
     */
    public static SharedState connect(SharedStateSettings settings, String password, InstantSource clock) {
        return new SharedState(new RedisLink(settings.redisUrl(), password, settings.failureMode()),
                settings.keyPrefix() == null ? "" : settings.keyPrefix(), clock);
    }

    /** Budgets in Redis; {@code local} serves them during an outage in {@link FailureMode#Open}. */
    public Budgets budgets(LocalBudgets local) {
        return new RedisBudgets(link, prefix, local);
    }

    public KeyCooldowns cooldowns() {
        return cooldowns;
    }

    /** Whether requests are refused now: {@link FailureMode#Closed} and Redis unreachable. */
    public boolean refusing() {
        return link.mode() == FailureMode.Closed && !link.reachable();
    }

    public boolean reachable() {
        return link.reachable();
    }

    /** Outages met so far, for metrics. */
    public long outages() {
        return link.outages();
    }

    @Override
    public void close() {
        link.close();
    }
}
