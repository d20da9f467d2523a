package io.modelproxy.testing;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.RequestHeaders;
import io.modelproxy.config.GatewayConfig;
import io.modelproxy.configsource.FileConfigSource;
import io.modelproxy.server.GatewayServer;
import io.modelproxy.server.GatewayServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * A real gateway on an ephemeral loopback port, serving a config file and a secrets directory in a
 * temp dir, as the operator would mount them.
 */
public final class TestGateway implements AutoCloseable {
    public static final String CLIENT_KEY = ManifestGateway.CLIENT_KEY;

    private final Path configFile;
    private final Path secretsDir;
    private final Duration pollInterval;
    private GatewayServer server;
    private WebClient http;

    public TestGateway(Path dir) {
        this(dir.resolve("config").resolve("gateway.json"), dir.resolve("secrets"), Duration.ofMillis(200));
        try {
            Files.createDirectories(configFile.getParent());
            Files.createDirectories(secretsDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        secret(TestConfigs.CLIENT_KEY_REF.secret(), TestConfigs.CLIENT_KEY_REF.key(), CLIENT_KEY);
    }

    /**
     * A gateway on a config file and secrets directory that the test lays out itself (e.g. as the
     * kubelet mounts them); nothing is written there.
     *
     * @param pollInterval how often the gateway re-reads without a file-system event
     */
    public TestGateway(Path configFile, Path secretsDir, Duration pollInterval) {
        this.configFile = configFile;
        this.secretsDir = secretsDir;
        this.pollInterval = pollInterval;
    }

    /** Writes one key file, {@code secrets/<secret>/<key>}. */
    public TestGateway secret(String secret, String key, String value) {
        try {
            Files.createDirectories(secretsDir.resolve(secret));
            Files.writeString(secretsDir.resolve(secret).resolve(key), value + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Writes the config file atomically (as a Kubernetes symlink swap would). */
    public TestGateway config(GatewayConfig config) {
        return configText(config.toJson());
    }

    public TestGateway configText(String json) {
        try {
            Path tmp = Files.createTempFile(configFile.getParent(), ".gateway", ".tmp");
            Files.writeString(tmp, json, StandardCharsets.UTF_8);
            Files.move(tmp, configFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public Path configFile() {
        return configFile;
    }

    public TestGateway start() {
        return start(b -> b);
    }

    public TestGateway start(UnaryOperator<GatewayServerBuilder> options) {
        server = options.apply(GatewayServer.builder(new FileConfigSource(configFile, secretsDir, pollInterval))
                .host("127.0.0.1").port(0).shutdownGrace(Duration.ZERO)).build().start();
        http = WebClient.builder(server.uri()).responseTimeoutMillis(60_000).maxResponseLength(0).build();
        return this;
    }

    public GatewayServer server() {
        return server;
    }

    /** The base URL, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return server.uri().toString();
    }

    /** POSTs JSON with the client key and reads the whole answer (streams too). */
    public AggregatedHttpResponse post(String path, String json) {
        return post(path, json, CLIENT_KEY);
    }

    public AggregatedHttpResponse post(String path, String json, String clientKey) {
        return ManifestGateway.post(http, path, json, clientKey);
    }

    public AggregatedHttpResponse get(String path) {
        return http.execute(RequestHeaders.builder(HttpMethod.GET, path)
                .set(HttpHeaderNames.AUTHORIZATION, "Bearer " + CLIENT_KEY).build()).aggregate().join();
    }

    public WebClient http() {
        return http;
    }

    @Override
    public void close() {
        if (server != null) {
            // the listener's threads wind down in the background (Netty's quiet period), the port is free already
            server.closeAsync();
        }
    }
}
