package io.modelproxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import io.modelproxy.config.CompileResult;
import io.modelproxy.config.ConfigCompiler;
import io.modelproxy.config.GatewayConfig;
import io.modelproxy.manifest.ManifestReader;
import io.modelproxy.manifest.ManifestSet;
import io.modelproxy.testing.FakeUpstream;
import io.modelproxy.testing.FakeUpstream.Call;
import io.modelproxy.testing.KubeletVolume;
import io.modelproxy.testing.TestGateway;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway as the operator runs it in a cluster: the GatewayConfig compiled from manifests sits in a
 * ConfigMap volume ({@code config/gateway.json}) and each key Secret in its own Secret volume
 * ({@code secrets/<secret>/<key>}), laid out and updated the way the kubelet does (a {@code ..data}
 * symlink swap). Under steady concurrent traffic a provider key is rotated and a model is re-routed to
 * another provider; no request fails and a stream in flight across both swaps completes.
 */
@Tag("load")
class MountedConfigEndToEndTest {
    /** Longer than any wait here, so only file-system events can bring the reloads this test waits for. */
    private static final Duration POLL = Duration.ofMinutes(10);
    private static final Duration STEP = Duration.ofSeconds(30);
    private static final int CLIENTS = 4;
    /** Hard cap per client thread: the traffic ends even if a step never happens. */
    private static final int MAX_REQUESTS_PER_CLIENT = 5_000;
    private static final String GATEWAY = "e2e";
    private static final String CLIENT = "e2e-client";
    private static final String ALPHA_SECRET = "alpha-keys";
    private static final String OLD_KEY = "sk-alpha-one-before-rotation";
    private static final String NEW_KEY = "sk-alpha-one-after-rotation";
    private static final String SECOND_KEY = "sk-alpha-two";
    private static final String BETA_KEY = "sk-beta-one";
    private static final String HELD = "held-stream";

    @RegisterExtension
    @Order(1)
    static final FakeUpstream alpha = new FakeUpstream();

    @RegisterExtension
    @Order(2)
    static final FakeUpstream beta = new FakeUpstream();

    @TempDir
    Path dir;

    /** The keys alpha accepts; any other gets a 401, as a provider answers a revoked key. */
    private volatile Set<String> alphaKeys = Set.of(OLD_KEY, SECOND_KEY);
    /** Completing it lets the held stream finish. */
    private final CompletableFuture<Void> release = new CompletableFuture<>();
    private final ExecutorService clients = Executors.newFixedThreadPool(CLIENTS + 1);
    private final Queue<String> failures = new ConcurrentLinkedQueue<>();
    private final Queue<String> routes = new ConcurrentLinkedQueue<>();
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicBoolean trafficDone = new AtomicBoolean();
    private TestGateway gateway;

    @BeforeEach
    void fakes() {
        alpha.reset();
        beta.reset();
        alpha.answer(call -> answer(call, alphaKeys));
        beta.answer(call -> answer(call, Set.of(BETA_KEY)));
    }

    @AfterEach
    void stop() {
        trafficDone.set(true);
        release.complete(null);
        clients.shutdownNow();
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void keyRotationAndRouteChangeInMountedVolumesUnderSteadyTrafficFailNoRequest() throws Exception {
        ManifestSet manifests = manifests("models.yaml");
        GatewayConfig config = compile(manifests);
        Path mountRoot = dir.resolve("etc/model-proxy");
        KubeletVolume configVolume = KubeletVolume.mount(mountRoot.resolve("config"),
                Map.of("gateway.json", config.toJson()));
        Map<String, KubeletVolume> secretVolumes = new TreeMap<>();
        for (String secret : secretNames(config)) {
            secretVolumes.put(secret, KubeletVolume.mount(mountRoot.resolve("secrets").resolve(secret),
                    manifests.secret(secret).orElseThrow().values()));
        }
        assertThat(secretVolumes).containsOnlyKeys(ALPHA_SECRET, "beta-keys", "gateway-clients");
        gateway = new TestGateway(configVolume.dir().resolve("gateway.json"), mountRoot.resolve("secrets"), POLL).start();
        String clientKey = manifests.keyValue("gateway-clients", CLIENT).orElseThrow();

        CompletableFuture<AggregatedHttpResponse> held = CompletableFuture.supplyAsync(
                () -> gateway.post("/v1/chat/completions", chat(true, HELD), clientKey), clients);
        await("the held stream reaches alpha").atMost(STEP)
                .until(() -> alpha.calls().stream().anyMatch(MountedConfigEndToEndTest::isHeld));

        List<Future<?>> traffic = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            traffic.add(clients.submit(() -> steadyTraffic(clientKey)));
        }
        await("steady traffic").atMost(STEP).until(() -> answered.get() >= 40);

        // (a) key-1 of alpha-keys is rotated: the provider revokes the old value at once, then the kubelet
        // swaps the volume; until the gateway reloads, the old key's 401 moves a request on to key-2
        alphaKeys = Set.of(NEW_KEY, SECOND_KEY);
        secretVolumes.get(ALPHA_SECRET).update(Map.of("key-1", NEW_KEY, "key-2", SECOND_KEY));
        await("the rotated key reaches alpha").atMost(STEP)
                .until(() -> alpha.calls().stream().anyMatch(c -> NEW_KEY.equals(c.key())));
        int afterRotation = answered.get();
        await("traffic after the rotation").atMost(STEP).until(() -> answered.get() >= afterRotation + 40);

        // (b) chat is re-routed to beta: the operator recompiles into the ConfigMap, the kubelet swaps the volume
        GatewayConfig rerouted = compile(manifests("models-rerouted.yaml"));
        assertThat(secretNames(rerouted)).as("same Secrets: a ConfigMap update, not a rollout")
                .isEqualTo(secretNames(config));
        configVolume.update(Map.of("gateway.json", rerouted.toJson()));
        await("chat traffic on beta").atMost(STEP).until(() -> beta.calls("/v1/chat/completions").size() >= 40);

        release.complete(null);
        AggregatedHttpResponse stream = held.get(STEP.toSeconds(), TimeUnit.SECONDS);
        trafficDone.set(true);
        for (Future<?> client : traffic) {
            client.get(STEP.toSeconds(), TimeUnit.SECONDS);
        }

        assertThat(failures).as("failed requests").isEmpty();
        assertThat(routes).contains("alpha/alpha-model", "beta/beta-model").doesNotContain("null");
        assertThat(alpha.calls()).extracting(Call::key).contains(NEW_KEY).isSubsetOf(OLD_KEY, NEW_KEY, SECOND_KEY);
        assertThat(alpha.calls()).extracting(Call::model).containsOnly("alpha-model");
        assertThat(beta.calls()).extracting(Call::key).containsOnly(BETA_KEY);
        assertThat(beta.calls()).extracting(Call::model).containsOnly("beta-model");

        assertThat(stream.status().code()).isEqualTo(200);
        assertThat(stream.headers().get("x-model-proxy-route")).isEqualTo("alpha/alpha-model");
        assertThat(stream.contentUtf8()).contains("\"content\":\"Hel\"", "\"content\":\"lo\"").endsWith("data: [DONE]\n\n")
                .doesNotContain("error");
    }

    @Test
    void theFixtureUpdatesAVolumeAsTheKubeletDoes() throws IOException {
        KubeletVolume volume = KubeletVolume.mount(dir.resolve("vol"), Map.of("a", "1", "b", "2"));
        Path first = volume.dir().resolve(Files.readSymbolicLink(volume.dir().resolve("..data")));
        volume.update(Map.of("a", "one", "c", "3"));

        Path data = volume.dir().resolve("..data");
        Path second = volume.dir().resolve(Files.readSymbolicLink(data));
        assertThat(second.getFileName().toString()).matches("\\.\\.\\d{4}(_\\d\\d){5}\\.\\d+");
        assertThat(first).doesNotExist();
        try (var entries = Files.list(volume.dir())) {
            assertThat(entries.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("..data", second.getFileName().toString(), "a", "c");
        }
        assertThat(Files.readSymbolicLink(volume.dir().resolve("a"))).isEqualTo(Path.of("..data", "a"));
        assertThat(volume.dir().resolve("a")).hasContent("one");
        assertThat(volume.dir().resolve("c")).hasContent("3");
    }

    /** One client: chat requests, every other one streamed, until the steps are done (or the cap). */
    private void steadyTraffic(String clientKey) {
        for (int i = 0; i < MAX_REQUESTS_PER_CLIENT && !trafficDone.get(); i++) {
            boolean stream = i % 2 == 1;
            try {
                AggregatedHttpResponse res = gateway.post("/v1/chat/completions", chat(stream, "steady"), clientKey);
                String body = res.contentUtf8();
                boolean whole = !stream || body.endsWith("data: [DONE]\n\n") && !body.contains("error");
                if (res.status().code() != 200 || !whole) {
                    failures.add(res.status() + " " + body);
                }
                routes.add(String.valueOf(res.headers().get("x-model-proxy-route")));
            } catch (RuntimeException e) {
                failures.add(e.toString());
            }
            answered.incrementAndGet();
        }
    }

    /** Alpha and beta: 401 for a key they do not accept, else an answer (a held stream waits for {@link #release}). */
    private HttpResponse answer(Call call, Set<String> accepted) {
        if (!accepted.contains(call.key())) {
            return FakeUpstream.json(401, "{\"error\":{\"message\":\"Incorrect API key provided\","
                    + "\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}");
        }
        if (!call.json().path("stream").asBoolean()) {
            return FailoverTest.ok(call);
        }
        if (!isHeld(call)) {
            return FakeUpstream.sse(HotReloadTest.chunk("ok") + "data: [DONE]\n\n");
        }
        HttpResponseWriter w = HttpResponse.streaming();
        w.write(ResponseHeaders.of(HttpStatus.OK, HttpHeaderNames.CONTENT_TYPE, MediaType.EVENT_STREAM));
        w.write(HttpData.ofUtf8(HotReloadTest.chunk("Hel")));
        release.thenRun(() -> {
            w.write(HttpData.ofUtf8(HotReloadTest.chunk("lo") + "data: [DONE]\n\n"));
            w.close();
        });
        return w;
    }

    private static boolean isHeld(Call call) {
        return HELD.equals(call.json().path("user").asText());
    }

    private static String chat(boolean stream, String user) {
        return "{\"model\":\"chat\",\"stream\":" + stream + ",\"user\":\"" + user + "\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    /**
     * The namespace's objects as {@code kubectl apply} would create them: the test's manifests with the
     * fake upstreams' loopback URLs filled in, and one of the two versions of the LogicalModels.
     */
    private ManifestSet manifests(String models) throws IOException, URISyntaxException {
        Path source = Path.of(getClass().getResource("/manifests/mounted").toURI());
        Path namespace = Files.createTempDirectory(dir, "namespace");
        for (String file : List.of("gateway.yaml", "providers.yaml", "secrets.yaml", models)) {
            String yaml = Files.readString(source.resolve(file), StandardCharsets.UTF_8)
                    .replace("${ALPHA_BASE_URL}", alpha.baseUrl())
                    .replace("${BETA_BASE_URL}", beta.baseUrl());
            Files.writeString(namespace.resolve(file), yaml, StandardCharsets.UTF_8);
        }
        return new ManifestReader(Map.of()).read(namespace);
    }

    /** What the operator writes into the ConfigMap, compiled with the same compiler. */
    private static GatewayConfig compile(ManifestSet manifests) {
        CompileResult result = ConfigCompiler.compile(manifests, GATEWAY);
        assertThat(result.problems()).isEmpty();
        return result.config();
    }

    /**
     * The Secrets the operator mounts for a config, as GatewayResources.secretNames names them (the
     * operator module is out of the gateway's reach): every Secret a client key or provider key is in.
     */
    private static SortedSet<String> secretNames(GatewayConfig config) {
        SortedSet<String> names = new TreeSet<>();
        config.gateway().clientKeys().forEach(ref -> names.add(ref.secret()));
        config.providers().forEach(provider -> provider.keys().forEach(ref -> names.add(ref.secret())));
        return names;
    }
}
