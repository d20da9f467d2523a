package io.modelproxy.sharedstate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.modelproxy.api.ModelGatewaySpec.FailureMode;
import io.modelproxy.config.GatewaySettings;
import io.modelproxy.config.KeyRef;
import io.modelproxy.config.SharedStateSettings;
import io.modelproxy.keys.KeyDigest;
import io.modelproxy.ratelimit.Decision;
import io.modelproxy.ratelimit.LimitKind;
import io.modelproxy.ratelimit.LimitPolicy;
import io.modelproxy.ratelimit.LocalBudgets;
import io.modelproxy.ratelimit.RateLimiter;
import io.modelproxy.testing.RedisProcess;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two replicas' worth of shared state against a real redis-server. */
class SharedStateTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final KeySlot KEY = KeySlot.of("openai", new KeyRef("openai-keys", "key-1"), KeyDigest.sha256("sk-1"));

    private RedisProcess redis;
    private final List<SharedState> opened = new ArrayList<>();

    @BeforeEach
    void startRedis() throws Exception {
        redis = new RedisProcess();
    }

    @AfterEach
    void stopRedis() throws Exception {
        opened.forEach(SharedState::close);
        redis.close();
    }

    private SharedState replica(FailureMode mode) {
        SharedState state = SharedState.connect(new SharedStateSettings(redis.url(), null, "test:", mode), null,
                InstantSource.system());
        opened.add(state);
        await().atMost(PATIENCE).until(state::reachable);
        return state;
    }

    private static RateLimiter limiter(SharedState state, Integer rpm, Integer tpm) {
        GatewaySettings settings = new GatewaySettings("gw", List.of(), List.of(), rpm, tpm, 128_000, 1 << 20, true,
                Map.of(), Map.of(), null);
        return new RateLimiter(new LimitPolicy(settings), state.budgets(new LocalBudgets()), new io.modelproxy.ratelimit.Rejections());
    }

    @Test
    void twoReplicasSharingRedisEnforceOneBudget() {
        RateLimiter a = limiter(replica(FailureMode.Open), 5, 1000);
        RateLimiter b = limiter(replica(FailureMode.Open), 5, 1000);

        for (int i = 0; i < 5; i++) {
            assertThat((i % 2 == 0 ? a : b).admit("alice", "m", 10).join()).isInstanceOf(Decision.Admitted.class);
        }

        assertThat(a.admit("alice", "m", 10).join()).isInstanceOfSatisfying(Decision.Limited.class,
                l -> assertThat(l.limit().kind()).isEqualTo(LimitKind.REQUESTS));
        assertThat(b.admit("alice", "m", 10).join()).isInstanceOf(Decision.Limited.class);
        assertThat(b.admit("bob", "m", 10).join()).isInstanceOf(Decision.Admitted.class);
    }

    @Test
    void aSettlementOnOneReplicaIsSeenByTheOther() {
        RateLimiter a = limiter(replica(FailureMode.Open), null, 1000);
        RateLimiter b = limiter(replica(FailureMode.Open), null, 1000);

        Decision.Admitted admitted = (Decision.Admitted) a.admit("alice", "m", 800).join();
        admitted.reservation().settle(1500).join();  // used more than reserved: the budget is in debt

        assertThat(b.admit("alice", "m", 10).join()).isInstanceOfSatisfying(Decision.Limited.class,
                l -> assertThat(l.limit().kind()).isEqualTo(LimitKind.TOKENS));
    }

    @Test
    void aKeyCooledOnOneReplicaIsCoolingOnTheOthersIncludingOneThatStartsLater() {
        SharedState a = replica(FailureMode.Open);
        SharedState b = replica(FailureMode.Open);
        long now = System.currentTimeMillis();

        a.cooldowns().coolForModel(KEY, "gpt-4o", new CooldownEnd(now + 60_000, true));
        a.cooldowns().coolForProvider(KeySlot.of("openai", new KeyRef("openai-keys", "key-2"), KeyDigest.sha256("sk-2")),
                new CooldownEnd(now + 30_000, false));

        await().atMost(PATIENCE).until(() -> b.cooldowns().cooldown(KEY, "gpt-4o", System.currentTimeMillis()).until() > now);
        assertThat(b.cooldowns().cooldown(KEY, "gpt-4o-mini", now).until()).isLessThanOrEqualTo(now);
        assertThat(b.cooldowns().modelCooldowns(KEY, now)).containsOnlyKeys("gpt-4o");
        assertThat(b.cooldowns().cooldown(KEY, "gpt-4o", now).promised()).as("the Retry-After promise travels too").isTrue();
        SharedState late = replica(FailureMode.Open);
        await().atMost(PATIENCE).until(() -> late.cooldowns().providerCoolingUntil(
                KeySlot.of("openai", new KeyRef("openai-keys", "key-2"), KeyDigest.sha256("sk-2")), now) == now + 30_000);
        assertThat(late.cooldowns().cooldown(KEY, "gpt-4o", now)).isEqualTo(new CooldownEnd(now + 60_000, true));
        assertThat(late.cooldowns().cooldown(KeySlot.of("openai", new KeyRef("openai-keys", "key-2"), KeyDigest.sha256("sk-2")),
                "gpt-4o", now).promised()).isFalse();
        // a rotated value is another key: it owes nothing to the old one's cooldown
        assertThat(late.cooldowns().cooldown(KeySlot.of("openai", new KeyRef("openai-keys", "key-1"),
                KeyDigest.sha256("sk-rotated")), "gpt-4o", now).until()).isLessThanOrEqualTo(now);
    }

    @Test
    void failOpenKeepsDecidingLocallyCountsTheOutageOnceAndRecovers() throws Exception {
        SharedState state = replica(FailureMode.Open);
        RateLimiter limiter = limiter(state, 3, null);
        assertThat(limiter.admit("alice", "m", 1).join()).isInstanceOf(Decision.Admitted.class);

        redis.stop();
        await().atMost(PATIENCE).until(() -> !state.reachable());
        List<Decision> during = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            during.add(limiter.admit("alice", "m", 1).join());
        }

        // this replica's own budget of 3 decides: served, served, served, limited
        assertThat(during).extracting(d -> d.getClass().getSimpleName())
                .containsExactly("Admitted", "Admitted", "Admitted", "Limited");
        assertThat(state.refusing()).isFalse();
        assertThat(state.outages()).isEqualTo(1);

        redis.start();
        await().atMost(PATIENCE).until(state::reachable);
        // Redis came back empty (no persistence): a fresh shared budget
        assertThat(limiter.admit("alice", "m", 1).join()).isInstanceOf(Decision.Admitted.class);
        assertThat(state.outages()).isEqualTo(1);
    }

    @Test
    void failClosedRefusesWhileRedisIsGoneAndRecovers() throws Exception {
        SharedState state = replica(FailureMode.Closed);
        RateLimiter limiter = limiter(state, 100, null);
        assertThat(limiter.admit("alice", "m", 1).join()).isInstanceOf(Decision.Admitted.class);

        redis.stop();
        await().atMost(PATIENCE).until(state::refusing);

        assertThat(limiter.admit("alice", "m", 1).join()).isInstanceOfSatisfying(Decision.Unavailable.class,
                u -> assertThat(u.message()).contains("Redis").contains("unreachable"));

        redis.start();
        await().atMost(PATIENCE).until(() -> !state.refusing());
        assertThat(limiter.admit("alice", "m", 1).join()).isInstanceOf(Decision.Admitted.class);
        assertThat(state.outages()).isEqualTo(1);
    }

    @Test
    void aRedisThatIsNotThereAtStartIsWaitedFor() throws Exception {
        redis.stop();
        SharedState state = SharedState.connect(new SharedStateSettings(redis.url(), null, "test:", FailureMode.Closed),
                null, InstantSource.system());
        opened.add(state);
        RateLimiter limiter = limiter(state, 5, null);

        assertThat(limiter.admit("alice", "m", 1).join()).isInstanceOf(Decision.Unavailable.class);

        redis.start();
        await().atMost(PATIENCE).until(state::reachable);
        assertThat(limiter.admit("alice", "m", 1).join()).isInstanceOf(Decision.Admitted.class);
    }
}
