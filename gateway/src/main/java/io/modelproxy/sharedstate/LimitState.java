package io.modelproxy.sharedstate;

import io.modelproxy.config.GatewaySettings;
import io.modelproxy.config.SharedStateSettings;
import io.modelproxy.ratelimit.LimitPolicy;
import io.modelproxy.ratelimit.LocalBudgets;
import io.modelproxy.ratelimit.RateLimiter;
import io.modelproxy.ratelimit.Rejections;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;

/**
 * The rate-limit budgets and key cooldowns of a gateway for its whole life: a reload gets a new
 * {@link RateLimiter} for the new limits that draws from the same budgets, and a change of
 * {@code spec.sharedState} reconnects. {@link #cooldowns()} is one object for the gateway's life, so
 * the key pool can hold it across reloads; it answers from this replica's table or from Redis,
 * whichever the current config asks for.
 */
public final class LimitState implements AutoCloseable {
    private final InstantSource clock;
    private final LocalBudgets local = new LocalBudgets();
    private final Rejections rejections = new Rejections();
    private final CooldownTable localCooldowns = new CooldownTable();
    private final Cooldowns cooldowns = new Cooldowns();
    /** Read on event loops without the lock: a reload that connects must never stall them. */
    private volatile SharedState shared;
    private SharedStateSettings sharedSettings;
    private String sharedPassword;

    public LimitState(InstantSource clock) {
        this.clock = clock;
    }

    /**
     * The limiter for a newly loaded config. Called by the reload, off the event loop.
     *
     * @param password the value of the Redis password the settings name, null for none
     */
    public synchronized RateLimiter limiter(GatewaySettings settings, String password) {
        SharedStateSettings wanted = settings.sharedState();
        if (!Objects.equals(wanted, sharedSettings) || !Objects.equals(password, sharedPassword)) {
            if (shared != null) {
                shared.close();
            }
            shared = wanted == null ? null : SharedState.connect(wanted, password, clock);
            sharedSettings = wanted;
            sharedPassword = password;
            cooldowns.current = shared == null ? localCooldowns : shared.cooldowns();
        }
        LimitPolicy policy = new LimitPolicy(settings);
        return new RateLimiter(policy, shared == null ? local : shared.budgets(local), rejections);
    }

    /** Key cooldowns, shared through Redis when the config says so. */
    public KeyCooldowns cooldowns() {
        return cooldowns;
    }

    /** Whether requests must be refused now ({@code failureMode: Closed} and Redis unreachable). */
    public boolean refusing() {
        SharedState current = shared;
        return current != null && current.refusing();
    }

    /** Requests refused by rate limits, for metrics. */
    public Rejections rejections() {
        return rejections;
    }

    /** Redis outages met since the shared state was last (re)configured, for metrics. */
    public long outages() {
        SharedState current = shared;
        return current == null ? 0 : current.outages();
    }

    @Override
    public synchronized void close() {
        if (shared != null) {
            shared.close();
            shared = null;
        }
    }

    /** Forwards to the store the current config names. */
    private final class Cooldowns implements KeyCooldowns {
        private volatile KeyCooldowns current = localCooldowns;

        @Override
        public CooldownEnd cooldown(KeySlot key, String model, long now) {
            return current.cooldown(key, model, now);
        }

        @Override
        public long providerCoolingUntil(KeySlot key, long now) {
            return current.providerCoolingUntil(key, now);
        }

        @Override
        public Map<String, Long> modelCooldowns(KeySlot key, long now) {
            return current.modelCooldowns(key, now);
        }

        @Override
        public void coolForModel(KeySlot key, String model, CooldownEnd end) {
            current.coolForModel(key, model, end);
        }

        @Override
        public void coolForProvider(KeySlot key, CooldownEnd end) {
            current.coolForProvider(key, end);
        }
    }
}
