package io.modelproxy.server;

import static io.modelproxy.testing.TestConfigs.config;
import static io.modelproxy.testing.TestConfigs.model;
import static io.modelproxy.testing.TestConfigs.provider;
import static io.modelproxy.testing.TestConfigs.route;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import io.modelproxy.api.Dialect;
import io.modelproxy.config.GatewayConfig;
import io.modelproxy.testing.FakeUpstream;
import io.modelproxy.testing.FakeUpstream.Call;
import io.modelproxy.testing.TestGateway;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Config and key files change under a running gateway: routing follows, nothing in flight breaks. */
@Tag("load")
class HotReloadTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHAT = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @RegisterExtension
    @Order(1)
    static final FakeUpstream a = new FakeUpstream();

    @RegisterExtension
    @Order(2)
    static final FakeUpstream b = new FakeUpstream();

    @TempDir
    Path dir;

    private TestGateway gateway;

    @BeforeEach
    void fakes() {
        a.reset();
        b.reset();
        a.answer(FailoverTest::ok);
        b.answer(FailoverTest::ok);
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private GatewayConfig routedTo(String provider, String upstreamModel) {
        return config(List.of(provider("pa", Dialect.OpenAIChat, a.baseUrl(), "k1", "k2"),
                        provider("pb", Dialect.OpenAIChat, b.baseUrl(), "k1")),
                List.of(model("m", route(provider, upstreamModel))));
    }

    private TestGateway start(GatewayConfig config) {
        gateway = new TestGateway(dir).secret("pa-keys", "k1", "sk-a-one").secret("pa-keys", "k2", "sk-a-two")
                .secret("pb-keys", "k1", "sk-b-one").config(config).start();
        return gateway;
    }

    private long generation() throws Exception {
        return JSON.readTree(gateway.get("/health/ready").contentUtf8()).path("generation").asLong();
    }

    @Test
    void rewritingTheConfigUnderSteadyTrafficChangesRoutingWithoutAFailedRequest() throws Exception {
        start(routedTo("pa", "up-a"));
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        Queue<String> routes = new ConcurrentLinkedQueue<>();
        AtomicInteger servedByB = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            workers.add(clients.submit(() -> {
                for (int i = 0; i < 3000 && servedByB.get() < 200; i++) {
                    AggregatedHttpResponse res = gateway.post("/v1/chat/completions", CHAT);
                    String route = res.headers().get("x-model-proxy-route");
                    if (res.status().code() != 200) {
                        failures.add(res.status() + " " + res.contentUtf8());
                    }
                    routes.add(String.valueOf(route));
                    if ("pb/up-b".equals(route)) {
                        servedByB.incrementAndGet();
                    }
                }
            }));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> routes.size() >= 40);
        // rewritten in place (truncate, then write), as an editor would: a half-written file must not hurt
        Files.writeString(gateway.configFile(), routedTo("pb", "up-b").toJson(), StandardCharsets.UTF_8);
        for (Future<?> w : workers) {
            w.get(60, TimeUnit.SECONDS);
        }
        clients.shutdown();

        assertThat(failures).isEmpty();
        assertThat(routes).contains("pa/up-a", "pb/up-b");
        assertThat(servedByB.get()).isGreaterThanOrEqualTo(200);
        assertThat(b.calls()).allSatisfy(c -> assertThat(c.model()).isEqualTo("up-b"));
    }

    @Test
    void aConfigThatFailsToLoadKeepsTheLastGoodOneServing() throws Exception {
        start(routedTo("pa", "up-a"));
        gateway.configText("{\"version\": 1, \"providers\": [ {\"name\": ");
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.get("/health/detailed").contentUtf8().contains("rejected")
                || gateway.get("/health/detailed").contentUtf8().contains("cannot read"));
        assertThat(gateway.post("/v1/chat/completions", CHAT).headers().get("x-model-proxy-route")).isEqualTo("pa/up-a");

        // a config that parses but routes to a provider that does not exist is refused the same way
        gateway.configText(routedTo("nowhere", "up-x").toJson());
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.get("/health/detailed").contentUtf8().contains("unknown provider"));
        assertThat(gateway.post("/v1/chat/completions", CHAT).status().code()).isEqualTo(200);
        assertThat(generation()).isEqualTo(1);

        gateway.config(routedTo("pb", "up-b"));
        await().atMost(Duration.ofSeconds(10)).until(() -> generation() == 2);
        assertThat(gateway.post("/v1/chat/completions", CHAT).headers().get("x-model-proxy-route")).isEqualTo("pb/up-b");
    }

    @Test
    void aRotatedKeyFileIsUsedWithoutARestart() {
        start(routedTo("pb", "up-b"));
        assertThat(gateway.post("/v1/chat/completions", CHAT).status().code()).isEqualTo(200);
        assertThat(b.calls().getLast().key()).isEqualTo("sk-b-one");

        gateway.secret("pb-keys", "k1", "sk-b-rotated");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(gateway.post("/v1/chat/completions", CHAT).status().code()).isEqualTo(200);
            assertThat(b.calls().getLast().key()).isEqualTo("sk-b-rotated");
        });
    }

    @Test
    void keyCooldownsSurviveAReload() throws Exception {
        a.answer(call -> "sk-a-one".equals(call.key())
                ? FakeUpstream.json(429, "{\"error\":{\"message\":\"slow down\"}}", "retry-after", "600")
                : FailoverTest.ok(call));
        start(routedTo("pa", "up-a"));
        assertThat(gateway.post("/v1/chat/completions", CHAT).status().code()).isEqualTo(200);
        assertThat(a.calls()).extracting(Call::key).containsExactly("sk-a-one", "sk-a-two");

        GatewayConfig more = config(routedTo("pa", "up-a").providers(),
                List.of(model("m", route("pa", "up-a")), model("other", route("pb", "up-b"))));
        gateway.config(more);
        await().atMost(Duration.ofSeconds(10)).until(() -> generation() == 2);
        for (int i = 0; i < 3; i++) {
            assertThat(gateway.post("/v1/chat/completions", CHAT).status().code()).isEqualTo(200);
        }
        assertThat(a.calls()).extracting(Call::key).containsExactly("sk-a-one", "sk-a-two", "sk-a-two", "sk-a-two", "sk-a-two");
    }

    @Test
    void aStreamInFlightKeepsTheTableItStartedWith() throws Exception {
        CompletableFuture<Void> release = new CompletableFuture<>();
        a.answer(call -> {
            HttpResponseWriter w = HttpResponse.streaming();
            w.write(ResponseHeaders.of(HttpStatus.OK, HttpHeaderNames.CONTENT_TYPE, MediaType.EVENT_STREAM));
            w.write(HttpData.ofUtf8(chunk("Hel")));
            release.thenRun(() -> {
                w.write(HttpData.ofUtf8(chunk("lo") + "data: [DONE]\n\n"));
                w.close();
            });
            return w;
        });
        start(routedTo("pa", "up-a"));
        CompletableFuture<AggregatedHttpResponse> stream = CompletableFuture.supplyAsync(() -> gateway.post("/v1/chat/completions",
                "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
        await().atMost(Duration.ofSeconds(10)).until(() -> a.calls().size() == 1);

        gateway.config(routedTo("pb", "up-b"));
        await().atMost(Duration.ofSeconds(10)).until(() -> generation() == 2);
        assertThat(gateway.post("/v1/chat/completions", CHAT).headers().get("x-model-proxy-route")).isEqualTo("pb/up-b");
        release.complete(null);

        AggregatedHttpResponse res = stream.get(10, TimeUnit.SECONDS);
        assertThat(res.headers().get("x-model-proxy-route")).isEqualTo("pa/up-a");
        assertThat(res.contentUtf8()).contains("\"content\":\"Hel\"", "\"content\":\"lo\"").endsWith("data: [DONE]\n\n")
                .doesNotContain("error");
    }

    static String chunk(String text) {
        return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"up\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"content\":\"" + text + "\"},\"finish_reason\":null}]}\n\n";
    }
}
