package io.modelproxy.testing;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import io.modelproxy.api.Dialect;
import io.modelproxy.configsource.ManifestConfigSource;
import io.modelproxy.server.GatewayServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A gateway started from manifest text, as {@code serve --manifests DIR} runs it, for a test class:
 * register it after the {@link FakeUpstream} it fronts (its text usually names the upstream's URL,
 * hence the supplier, called once the upstream runs).
 *
 * <pre>{@code
 * @RegisterExtension @Order(1) static final FakeUpstream upstream = new FakeUpstream();
 * @RegisterExtension @Order(2) static final ManifestGateway gateway = new ManifestGateway(() -> """
 *         apiVersion: modelproxy.io/v1alpha1
 *         kind: Provider
 *         ...""".formatted(upstream.baseUrl())).env("KEY", "sk-test");
 * }</pre>
 */
public final class ManifestGateway implements BeforeAllCallback, AfterAllCallback {
    private final Supplier<String> manifests;
    private final Map<String, String> env = new HashMap<>();
    private UnaryOperator<GatewayServer.Builder> options = b -> b;
    private Path dir;
    private GatewayServer server;
    private WebClient http;

    public ManifestGateway(Supplier<String> manifests) {
        this.manifests = manifests;
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
        return """
                apiVersion: modelproxy.io/v1alpha1
                kind: LogicalModel
                metadata: {name: %s}
                spec:
                  routes:
                    - {provider: %s, model: %s}
                ---
                """.formatted(name, provider, upstreamModel);
    }

    /**
     * The manifests of a Provider {@code name} of {@code dialect} at {@code baseUrl} (discovery off) and
     * of its Secret {@code <name>-keys} with the keys (entries {@code k1}, {@code k2} …), each ending in
     * a document separator.
     */
    public static String provider(String name, Dialect dialect, String baseUrl, String... keys) {
        StringBuilder entries = new StringBuilder();
        for (int i = 0; i < keys.length; i++) {
            entries.append("  k").append(i + 1).append(": ").append(keys[i]).append('\n');
        }
        return """
                apiVersion: modelproxy.io/v1alpha1
                kind: Provider
                metadata: {name: %1$s}
                spec:
                  protocol: %2$s
                  baseUrl: %3$s
                  apiKeys:
                    - secretRef: {name: %1$s-keys}
                  discovery: {enabled: false}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: %1$s-keys}
                stringData:
                %4$s---
                """.formatted(name, dialect, baseUrl, entries);
    }

    /** An environment variable the manifests' {@code ${VAR}} read. */
    public ManifestGateway env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Further options of the gateway (translators, clock …). */
    public ManifestGateway options(UnaryOperator<GatewayServer.Builder> options) {
        this.options = options;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("model-proxy-manifests");
        Files.writeString(dir.resolve("manifests.yaml"), manifests.get());
        server = options.apply(GatewayServer.builder(new ManifestConfigSource(dir, Map.copyOf(env), null, Duration.ofSeconds(1)))
                .host("127.0.0.1").port(0).shutdownGrace(Duration.ZERO)).build().start();
        http = WebClient.builder(server.uri()).responseTimeoutMillis(60_000).maxResponseLength(0).build();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (server != null) {
            server.close();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    public URI uri() {
        return server.uri();
    }

    public GatewayServer server() {
        return server;
    }

    /** A JSON POST with no client key (the manifests' gateway serves loopback without one). */
    public AggregatedHttpResponse post(String path, String json) {
        return http.execute(HttpRequest.of(RequestHeaders.builder(HttpMethod.POST, path).contentType(MediaType.JSON).build(),
                com.linecorp.armeria.common.HttpData.ofUtf8(json))).aggregate().join();
    }

    public AggregatedHttpResponse get(String path) {
        return http.get(path).aggregate().join();
    }

    /** A client of the gateway, for requests the helpers do not cover (streams read as they come). */
    public WebClient http() {
        return http;
    }
}
