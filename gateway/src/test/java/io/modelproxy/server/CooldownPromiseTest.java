package io.modelproxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import io.modelproxy.api.Dialect;
import io.modelproxy.testing.FakeUpstream;
import io.modelproxy.testing.ManifestGateway;
import io.modelproxy.testing.RedisProcess;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A cooldown an upstream promised (429 with Retry-After) is remembered with the key, here and through
 * Redis on the other replicas: a request that comes later, while the key cools, waits for the promised
 * moment within its model's deadline instead of answering 429 at once; a promise beyond the deadline is
 * answered now, with its Retry-After, never with silence.
 */
class CooldownPromiseTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String KEY = "sk-only-key-4c1d";
    private static final String CHAT = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String ANSWER = "{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"up-m\","
            + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}";
    private static final String SLOW_DOWN = "{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit_error\"}}";

    @RegisterExtension
    @Order(1)
    static final FakeUpstream upstream = new FakeUpstream();

    @RegisterExtension
    @Order(2)
    final ManifestGateway gateway = ManifestGateway.perTest().clientKey(ManifestGateway.CLIENT_KEY);

    @RegisterExtension
    @Order(3)
    final ManifestGateway replica = ManifestGateway.perTest().clientKey(ManifestGateway.CLIENT_KEY);

    /** The first call is refused with this Retry-After (seconds); every later one is answered. */
    private static void firstCallRefusedFor(int seconds) {
        AtomicInteger calls = new AtomicInteger();
        upstream.answer(call -> calls.getAndIncrement() == 0
                ? FakeUpstream.json(429, SLOW_DOWN, "retry-after", Integer.toString(seconds))
                : FakeUpstream.json(200, ANSWER));
    }

    /** One Provider with one key, so a cooling key leaves nothing else to try, and model m on it. */
    private static ManifestGateway start(ManifestGateway gateway, String spec, String modelSpec) {
        return gateway.start(ManifestGateway.modelGateway(spec)
                + ManifestGateway.provider("p", Dialect.OpenAIChat, upstream.baseUrl(), KEY)
                + ManifestGateway.modelWith("m", modelSpec, "p/up-m"));
    }

    private static CompletableFuture<AggregatedHttpResponse> send(ManifestGateway gateway) {
        return CompletableFuture.supplyAsync(() -> gateway.post("/v1/chat/completions", CHAT));
    }

    /** Until the gateway's health shows the key cooling: the first request's 429 is in its key state. */
    private static void awaitCooling(ManifestGateway gateway) {
        await().atMost(PATIENCE).until(() -> gateway.get("/health/detailed").contentUtf8().contains("\"state\":\"cooling\""));
    }

    @BeforeEach
    void reset() {
        upstream.reset();
    }

    @Test
    void aLaterRequestWaitsForTheCooldownAnEarlierOneWasPromised() {
        firstCallRefusedFor(1);
        start(gateway, "", "");

        CompletableFuture<AggregatedHttpResponse> first = send(gateway);
        awaitCooling(gateway);
        AggregatedHttpResponse second = gateway.post("/v1/chat/completions", CHAT);

        assertThat(second.status().code()).as(second.contentUtf8()).isEqualTo(200);
        assertThat(second.contentUtf8()).contains("\"content\":\"ok\"");
        assertThat(first.join().status().code()).isEqualTo(200);
        assertThat(upstream.calls("/v1/chat/completions")).hasSize(3)
                .allSatisfy(call -> assertThat(call.key()).isEqualTo(KEY));
    }

    @Test
    void aRequestOnAnotherReplicaWaitsForThePromiseItLearntThroughRedis() throws Exception {
        try (RedisProcess redis = new RedisProcess()) {
            String shared = "sharedState: {redis: {url: \"%s\", keyPrefix: \"promise:\"}, failureMode: Open}"
                    .formatted(redis.url());
            firstCallRefusedFor(1);
            start(gateway, shared, "");
            start(replica, shared, "");

            // a cooldown written before a replica is connected stays its own: wait until both listen
            await().atMost(PATIENCE).until(() -> redis.subscribers("promise:cooldowns") == 2);

            CompletableFuture<AggregatedHttpResponse> first = send(gateway);
            awaitCooling(replica);
            AggregatedHttpResponse second = replica.post("/v1/chat/completions", CHAT);

            assertThat(second.status().code()).as(second.contentUtf8()).isEqualTo(200);
            assertThat(first.join().status().code()).isEqualTo(200);
            assertThat(upstream.calls("/v1/chat/completions")).hasSize(3);
        }
    }

    @Test
    void aPromiseBeyondTheModelsDeadlineIsAnsweredNowWithItsRetryAfter() {
        firstCallRefusedFor(30);
        start(gateway, "", "timeoutSeconds: 5");

        AggregatedHttpResponse first = gateway.post("/v1/chat/completions", CHAT);
        AggregatedHttpResponse second = gateway.post("/v1/chat/completions", CHAT);

        assertThat(first.status().code()).isEqualTo(429);
        assertThat(second.status().code()).as("the later request does not sit out the deadline").isEqualTo(429);
        assertThat(Integer.parseInt(second.headers().get("retry-after"))).isBetween(1, 30);
        assertThat(second.headers().get("x-model-proxy-attempts")).isEqualTo("0");
        assertThat(upstream.calls("/v1/chat/completions")).hasSize(1);
    }
}
