package io.modelproxy.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.HttpHeaders;
import io.modelproxy.api.Dialect;
import io.modelproxy.config.GatewaySettings;
import io.modelproxy.config.RateLimit;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private static GatewaySettings settings(Integer rpm, Integer tpm, Map<String, RateLimit> clients,
            Map<String, RateLimit> models) {
        return new GatewaySettings("gw", List.of(), List.of(), rpm, tpm, 128_000, 1 << 20, true, clients, models, null);
    }

    private final Rejections rejections = new Rejections();

    private RateLimiter limiter(GatewaySettings settings) {
        return new RateLimiter(new LimitPolicy(settings), new LocalBudgets(), rejections);
    }

    @Test
    void theSixthOfFiveRequestsAMinuteIsLimitedAndAnotherClientIsNot() {
        RateLimiter limiter = limiter(settings(5, null, Map.of(), Map.of()));
        for (int i = 0; i < 5; i++) {
            Decision d = limiter.admit("alice", "m", 10).join();
            assertThat(d).isInstanceOf(Decision.Admitted.class);
            assertThat(d.quotas().requests().remaining()).isEqualTo(4 - i);
        }

        Decision sixth = limiter.admit("alice", "m", 10).join();

        assertThat(sixth).isInstanceOfSatisfying(Decision.Limited.class, l -> {
            assertThat(l.limit().kind()).isEqualTo(LimitKind.REQUESTS);
            assertThat(l.retryAfterSeconds()).isBetween(1L, 12L);
            assertThat(l.message()).contains("client alice is over its limit of 5 requests per minute");
        });
        assertThat(rejections.of(LimitKind.REQUESTS)).isEqualTo(1);
        assertThat(limiter.admit("bob", "m", 10).join()).isInstanceOf(Decision.Admitted.class);
    }

    @Test
    void tokensAreReservedFromTheEstimateAndSettledWithTheRealUsage() {
        RateLimiter limiter = limiter(settings(null, 1000, Map.of(), Map.of()));

        Decision.Admitted first = (Decision.Admitted) limiter.admit("alice", "m", RateLimiter.estimate(100, 500L)).join();
        assertThat(first.quotas().tokens().remaining()).isEqualTo(400);
        assertThat(first.quotas().requests()).isNull();
        // the estimate was too high: 600 reserved, 50 used
        first.reservation().settle(50).join();
        first.reservation().settle(5000).join();  // only the first settlement counts

        Decision.Admitted second = (Decision.Admitted) limiter.admit("alice", "m", 900).join();
        assertThat(second.quotas().tokens().remaining()).isBetween(50L, 60L);
        // under-estimated: the extra is taken even below zero, so the next request waits
        second.reservation().settle(2000).join();

        Decision third = limiter.admit("alice", "m", 10).join();
        assertThat(third).isInstanceOfSatisfying(Decision.Limited.class, l -> {
            assertThat(l.limit().kind()).isEqualTo(LimitKind.TOKENS);
            assertThat(l.retryAfterSeconds()).isGreaterThan(50);
        });
    }

    @Test
    void aRefusedRequestCostsNothingOnTheBudgetsThatCouldPay() {
        RateLimiter limiter = limiter(settings(10, 100, Map.of(), Map.of()));

        assertThat(limiter.admit("alice", "m", 5000).join()).isInstanceOf(Decision.Admitted.class);  // capped at 100
        Decision refused = limiter.admit("alice", "m", 10).join();

        assertThat(refused).isInstanceOf(Decision.Limited.class);
        assertThat(refused.quotas().requests().remaining()).isEqualTo(8);  // as consumed before it was given back
        Decision.Limited again = (Decision.Limited) limiter.admit("alice", "m", 10).join();
        assertThat(again.quotas().requests().remaining()).isEqualTo(8);
    }

    @Test
    void clientOverridesReplaceDefaultsFieldByFieldAndModelCapsAddTheirOwnBudget() {
        RateLimiter limiter = limiter(settings(100, 1_000_000, Map.of("ci-bot", new RateLimit(2, null)),
                Map.of("big", new RateLimit(1, null))));

        assertThat(limiter.admit("ci-bot", "small", 1).join().quotas().requests().limit()).isEqualTo(2);
        assertThat(limiter.admit("ci-bot", "small", 1).join().quotas().tokens().limit()).isEqualTo(1_000_000);
        assertThat(limiter.admit("ci-bot", "small", 1).join()).isInstanceOf(Decision.Limited.class);

        assertThat(limiter.admit("alice", "big", 1).join()).isInstanceOf(Decision.Admitted.class);
        Decision capped = limiter.admit("alice", "big", 1).join();
        assertThat(capped).isInstanceOfSatisfying(Decision.Limited.class, l -> assertThat(l.message())
                .contains("client alice on model big is over its limit of 1 requests per minute"));
        assertThat(limiter.admit("alice", "small", 1).join()).isInstanceOf(Decision.Admitted.class);
    }

    @Test
    void noLimitsAdmitsWithoutHeaders() {
        RateLimiter limiter = limiter(settings(null, null, Map.of(), Map.of()));

        assertThat(limiter.enabled()).isFalse();
        Decision d = limiter.admit("alice", "m", 10).join();
        assertThat(d.quotas().isEmpty()).isTrue();
        assertThat(d.quotas().headers(Dialect.OpenAIChat, Instant.EPOCH).isEmpty()).isTrue();
    }

    @Test
    void headersInEachClientFamilysForm() {
        Quotas quotas = new Quotas(new Quota(60, 59, 1_000_000_000L), new Quota(1000, 400, 36_000_000_000L));
        Instant now = Instant.parse("2026-12-02T10:00:00Z");

        HttpHeaders openai = quotas.headers(Dialect.OpenAIResponses, now);
        assertThat(openai.get("x-ratelimit-limit-requests")).isEqualTo("60");
        assertThat(openai.get("x-ratelimit-remaining-requests")).isEqualTo("59");
        assertThat(openai.get("x-ratelimit-reset-requests")).isEqualTo("1s");
        assertThat(openai.get("x-ratelimit-limit-tokens")).isEqualTo("1000");
        assertThat(openai.get("x-ratelimit-remaining-tokens")).isEqualTo("400");
        assertThat(openai.get("x-ratelimit-reset-tokens")).isEqualTo("36s");

        HttpHeaders anthropic = quotas.headers(Dialect.AnthropicMessages, now);
        assertThat(anthropic.get("anthropic-ratelimit-requests-limit")).isEqualTo("60");
        assertThat(anthropic.get("anthropic-ratelimit-requests-remaining")).isEqualTo("59");
        assertThat(anthropic.get("anthropic-ratelimit-requests-reset")).isEqualTo("2026-12-02T10:00:01Z");
        assertThat(anthropic.get("anthropic-ratelimit-tokens-reset")).isEqualTo("2026-12-02T10:00:36Z");
        assertThat(anthropic.names()).noneMatch(n -> n.toString().startsWith("x-ratelimit"));

        assertThat(Quotas.duration(20_000_000L)).isEqualTo("20ms");
        assertThat(Quotas.duration(360_000_000_000L)).isEqualTo("6m0s");
    }

    @Test
    void anEstimateCapsTheOutputPart() {
        assertThat(RateLimiter.estimate(100, null)).isEqualTo(100 + RateLimiter.OUTPUT_RESERVE);
        assertThat(RateLimiter.estimate(100, 50L)).isEqualTo(150);
        assertThat(RateLimiter.estimate(100, 64_000L)).isEqualTo(100 + RateLimiter.OUTPUT_RESERVE);
    }
}
