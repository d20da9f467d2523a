package io.modelproxy.sharedstate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.modelproxy.api.ModelGatewaySpec.FailureMode;
import io.modelproxy.config.GatewaySettings;
import io.modelproxy.config.KeyRef;
import io.modelproxy.config.SharedStateSettings;
import io.modelproxy.keys.KeyDigest;
import io.modelproxy.ratelimit.Decision;
import io.modelproxy.ratelimit.RateLimiter;
import io.modelproxy.testing.RedisProcess;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LimitStateTest {
    private static final KeySlot KEY = KeySlot.of("p", new KeyRef("s", "k"), KeyDigest.sha256("v"));

    private static GatewaySettings settings(int rpm, SharedStateSettings shared) {
        return new GatewaySettings("gw", List.of(), List.of(), rpm, null, 128_000, 1 << 20, true, Map.of(), Map.of(), shared);
    }

    @Test
    void aReloadKeepsTheBudgetsAndAChangedLimitStartsAFreshOne() {
        try (LimitState state = new LimitState(InstantSource.system())) {
            RateLimiter first = state.limiter(settings(2, null), null);
            first.admit("alice", "m", 1).join();
            first.admit("alice", "m", 1).join();

            assertThat(state.limiter(settings(2, null), null).admit("alice", "m", 1).join())
                    .isInstanceOf(Decision.Limited.class);
            assertThat(state.limiter(settings(3, null), null).admit("alice", "m", 1).join())
                    .isInstanceOf(Decision.Admitted.class);
            assertThat(state.refusing()).isFalse();
        }
    }

    @Test
    void theCooldownsObjectFollowsTheConfigIntoRedisAndBack() throws Exception {
        try (RedisProcess redis = new RedisProcess();
                LimitState a = new LimitState(InstantSource.system());
                LimitState b = new LimitState(InstantSource.system())) {
            KeyCooldowns held = a.cooldowns();
            long now = System.currentTimeMillis();
            held.coolForModel(KEY, "m", new CooldownEnd(now + 60_000, false));
            assertThat(b.cooldowns().cooldown(KEY, "m", now).until()).isLessThanOrEqualTo(now);

            SharedStateSettings shared = new SharedStateSettings(redis.url(), null, "t:", FailureMode.Open);
            a.limiter(settings(5, shared), null);
            b.limiter(settings(5, shared), null);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                held.coolForModel(KEY, "m2", new CooldownEnd(System.currentTimeMillis() + 60_000, false));
                return b.cooldowns().cooldown(KEY, "m2", System.currentTimeMillis()).until() > System.currentTimeMillis();
            });
            assertThat(a.cooldowns()).isSameAs(held);
        }
    }
}
