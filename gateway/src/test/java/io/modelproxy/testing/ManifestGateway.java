package io.modelproxy.testing;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import io.modelproxy.api.Dialect;
import io.modelproxy.configsource.ManifestConfigSource;
import io.modelproxy.server.GatewayServer;
import io.modelproxy.server.GatewayServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A gateway started from manifest text, as {@code serve --manifests DIR} runs it. For a test class:
 * a static field registered after the {@link FakeUpstream} it fronts (its text usually names the
 * upstream's URL, hence the supplier, called once the upstream runs).
 *
 * <pre>{@code
 * @RegisterExtension @Order(1) static final FakeUpstream upstream = new FakeUpstream();
 * @RegisterExtension @Order(2) static final ManifestGateway gateway = new ManifestGateway(() -> """
 *         apiVersion: modelproxy.io/v1alpha1
 *         kind: Provider
 *         ...""".formatted(upstream.baseUrl())).env("KEY", "sk-test");
 * }</pre>
 *
 * For manifests that differ by test: an instance field {@code = ManifestGateway.perTest()}, which
 * each test {@link #start(String) starts} and which stops after it.
 */
public final class ManifestGateway implements BeforeAllCallback, AfterAllCallback, AfterEachCallback, AutoCloseable {
    /** The key of client {@code tester} of {@link #modelGateway(String)}. */
    public static final String CLIENT_KEY = "mp-client-7d41c0ffee";

    private final Supplier<String> manifests;
    private final Map<String, String> env = new HashMap<>();
    private UnaryOperator<GatewayServerBuilder> options = b -> b;
    private String clientKey;
    private Path dir;
    private GatewayServer server;
    private WebClient http;

    public ManifestGateway(Supplier<String> manifests) {
        this.manifests = manifests;
    }

    /** A gateway each test starts with its own manifests ({@link #start(String)}); register it as an instance field. */
    public static ManifestGateway perTest() {
        return new ManifestGateway(null);
    }

    /**
     * The usual set-up: one Provider {@code p} of {@code dialect} at the upstream, with one key
     * ({@code sk-p}), and one LogicalModel {@code model} routed to {@code upstreamModel} on it.
     */
    public static ManifestGateway oneRoute(FakeUpstream upstream, Dialect dialect, String model, String upstreamModel) {
        return oneRoute(upstream, dialect, "p", "sk-p", model, upstreamModel);
    }

    /** As {@link #oneRoute(FakeUpstream, Dialect, String, String)} with the Provider's name and its one key. */
    public static ManifestGateway oneRoute(FakeUpstream upstream, Dialect dialect, String provider, String key, String model,
            String upstreamModel) {
        return new ManifestGateway(() -> provider(provider, dialect, upstream.baseUrl(), key) + model(model, provider, upstreamModel));
    }

    /** The manifest of a LogicalModel {@code name} with one route, ending in a document separator. */
    public static String model(String name, String provider, String upstreamModel) {
        return routedModel(name, provider + "/" + upstreamModel);
    }

    /**
     * The manifest of a LogicalModel {@code name} with these routes in order, each {@code provider/model}
     * (split at the first {@code /}), optionally followed by further route fields ({@code p1/up-x,
     * timeoutSeconds: 1}), ending in a document separator.
     */
    public static String routedModel(String name, String... routes) {
        return modelWith(name, "", routes);
    }

    /** As {@link #routedModel(String, String...)} with further spec lines, e.g. {@code fallbacks: [backup]}. */
    public static String modelWith(String name, String spec, String... routes) {
        return labeledModel(name, "", spec, routes);
    }

    /**
     * As {@link #modelWith(String, String, String...)} with metadata labels, as flow-mapping entries
     * ({@code team: a, tier: gold}), for the label selectors of a ModelGateway; empty for none.
     */
    public static String labeledModel(String name, String labels, String spec, String... routes) {
        StringBuilder lines = new StringBuilder();
        for (String route : routes) {
            int slash = route.indexOf('/');
            lines.append("    - {provider: ").append(route, 0, slash).append(", model: ").append(route.substring(slash + 1)).append("}\n");
        }
        return """
                apiVersion: modelproxy.io/v1alpha1
                kind: LogicalModel
                metadata: {name: %s%s}
                spec:
                  routes:
                %s%s
                ---
                """.formatted(name, labels.isEmpty() ? "" : ", labels: {" + labels + "}", lines,
                spec.stripTrailing().indent(2).stripTrailing());
    }

    /**
     * The manifests of a Provider {@code name} of {@code dialect} at {@code baseUrl} (discovery off) and
     * of its Secret {@code <name>-keys} with the keys (entries {@code k1}, {@code k2} …), each ending in
     * a document separator; with no keys, a Provider that forwards the client's own credential.
     */
    public static String provider(String name, Dialect dialect, String baseUrl, String... keys) {
        return providerWith(name, dialect, baseUrl, "", keys);
    }

    /** As {@link #provider(String, Dialect, String, String...)} with further spec lines, e.g. {@code cooldownSeconds: 1}. */
    public static String providerWith(String name, Dialect dialect, String baseUrl, String spec, String... keys) {
        String provider = """
                apiVersion: modelproxy.io/v1alpha1
                kind: Provider
                metadata: {name: %1$s}
                spec:
                  protocol: %2$s
                  baseUrl: %3$s
                %4$s  discovery: {enabled: false}
                %5$s
                ---
                """.formatted(name, dialect, baseUrl, keys.length == 0 ? "" : "  apiKeys:\n    - secretRef: {name: " + name + "-keys}\n",
                spec.stripTrailing().indent(2).stripTrailing());
        if (keys.length == 0) {
            return provider;
        }
        StringBuilder entries = new StringBuilder();
        for (int i = 0; i < keys.length; i++) {
            entries.append("  k").append(i + 1).append(": ").append(keys[i]).append('\n');
        }
        return provider + """
                apiVersion: v1
                kind: Secret
                metadata: {name: %s-keys}
                stringData:
                %s---
                """.formatted(name, entries);
    }

    /**
     * The manifests of ModelGateway {@code test} with {@code spec} (YAML lines at the spec's indentation,
     * none for the defaults) plus client keys: client {@code tester} with {@link #CLIENT_KEY}, in Secret
     * {@code gateway-clients}. Pair it with {@link #clientKey(String)}.
     */
    public static String modelGateway(String spec) {
        return modelGateway(spec, Map.of("tester", CLIENT_KEY));
    }

    /** As {@link #modelGateway(String)} with these clients (name to key) instead. */
    public static String modelGateway(String spec, Map<String, String> clients) {
        StringBuilder entries = new StringBuilder();
        new TreeMap<>(clients).forEach((name, key) -> entries.append("  ").append(name).append(": ").append(key).append('\n'));
        return """
                apiVersion: modelproxy.io/v1alpha1
                kind: ModelGateway
                metadata: {name: test}
                spec:
                  clientKeys: {secretRef: {name: gateway-clients}}
                %s
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: gateway-clients}
                stringData:
                %s---
                """.formatted(spec.stripTrailing().indent(2).stripTrailing(), entries);
    }

    /** The client key {@link #post(String, String)} and {@link #get} send ({@code Authorization: Bearer}); none by default. */
    public ManifestGateway clientKey(String key) {
        this.clientKey = key;
        return this;
    }

    /** An environment variable the manifests' {@code ${VAR}} read. */
    public ManifestGateway env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Further options of the gateway (translators, clock …). */
    public ManifestGateway options(UnaryOperator<GatewayServerBuilder> options) {
        this.options = options;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (manifests != null) {
            start(manifests.get());
        }
    }

    /** Starts the gateway on these manifests (a {@link #perTest()} gateway; once per test). */
    public ManifestGateway start(String text) {
        if (server != null) {
            throw new IllegalStateException("the gateway runs already");
        }
        try {
            dir = Files.createTempDirectory("model-proxy-manifests");
            Files.writeString(dir.resolve("manifests.yaml"), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server = options.apply(GatewayServer.builder(new ManifestConfigSource(dir, Map.copyOf(env), null, Duration.ofSeconds(1)))
                .host("127.0.0.1").port(0).shutdownGrace(Duration.ZERO)).build().start();
        http = WebClient.builder(server.uri()).responseTimeoutMillis(60_000).maxResponseLength(0).build();
        return this;
    }

    /** Replaces the manifests the running gateway serves, in one atomic move; the gateway reloads them itself. */
    public void rewrite(String text) {
        try {
            Path next = Files.writeString(dir.resolve(".manifests.next"), text);
            Files.move(next, dir.resolve("manifests.yaml"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (manifests == null) {
            stop();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    /** {@link #stop()}, for try-with-resources. */
    @Override
    public void close() {
        stop();
    }

    /** Stops the gateway now (a {@link #perTest()} gateway may then {@link #start(String) start} again). */
    public void stop() {
        if (server != null) {
            // the listener's threads wind down in the background (Netty's quiet period), the port is free already
            server.closeAsync();
            server = null;
        }
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        dir = null;
    }

    public URI uri() {
        return server.uri();
    }

    public GatewayServer server() {
        return server;
    }

    /** A JSON POST with the {@link #clientKey(String) client key}, if any (without client keys the gateway serves loopback). */
    public AggregatedHttpResponse post(String path, String json) {
        return post(path, json, clientKey);
    }

    /** A JSON POST with this client key instead ({@code Authorization: Bearer}); null sends none. */
    public AggregatedHttpResponse post(String path, String json, String key) {
        return post(http, path, json, key);
    }

    /** A JSON POST through {@code http} with this client key ({@code Authorization: Bearer}); null sends none. */
    static AggregatedHttpResponse post(WebClient http, String path, String json, String key) {
        RequestHeadersBuilder headers = RequestHeaders.builder(HttpMethod.POST, path).contentType(MediaType.JSON_UTF_8);
        if (key != null) {
            headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + key);
        }
        return http.execute(HttpRequest.of(headers.build(), HttpData.ofUtf8(json))).aggregate().join();
    }

    /** A GET with the {@link #clientKey(String) client key}, if any. */
    public AggregatedHttpResponse get(String path) {
        RequestHeadersBuilder headers = RequestHeaders.builder(HttpMethod.GET, path);
        if (clientKey != null) {
            headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + clientKey);
        }
        return http.execute(headers.build()).aggregate().join();
    }

    /** A client of the gateway that sends no key of its own, for requests the helpers do not cover (streams read as they come). */
    public WebClient http() {
        return http;
    }
}
