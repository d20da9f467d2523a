package io.modelproxy.bench;

import io.modelproxy.api.HttpVersion;
import io.modelproxy.config.CompileResult;
import io.modelproxy.config.ConfigCompiler;
import io.modelproxy.config.GatewayConfig;
import io.modelproxy.config.KeyRef;
import io.modelproxy.config.ProviderConfig;
import io.modelproxy.manifest.ManifestReader;
import io.modelproxy.manifest.ManifestSet;
import io.modelproxy.manifest.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Lays out what {@code model-proxy serve} runs from, the way the operator would: the bundled manifests
 * (one OpenAI Chat provider at the fake upstream, logical model {@code bench}) compiled by the real
 * {@link ConfigCompiler} into {@code config.json}, and each key the config names written to
 * {@code secrets/<secret>/<key>} as Kubernetes mounts Secrets.
 *
 * @param manifests the manifests as written, for the record
 * @param config the compiled GatewayConfig ({@code --config})
 * @param secretsDir the mounted-Secrets directory ({@code --secrets-dir})
 */
public record GatewaySetup(Path manifests, Path config, Path secretsDir) {
    private static final String PLACEHOLDER = "@UPSTREAM_BASE_URL@";
    private static final String SPEC = "@GATEWAY_SPEC@";
    private static final String UPSTREAM_HTTP = "@UPSTREAM_HTTP@";

    /**
     * What the gateway under benchmark does besides routing, to measure what each feature costs
     * against {@link #PLAIN} in the same run.
     */
    public enum Variant {
        /** Request logging and metrics off, no rate limits. */
        PLAIN,
        /** Metrics on, request logging off. */
        METRICS,
        /** Every request recorded to a JSON lines file and a SQLite database, metrics off. */
        LOGGED,
        /** Metrics on, and every request recorded to a JSON lines file and a SQLite database. */
        OBSERVED,
        /** Per-client rate limits (never reached), budgets in memory. */
        LIMITS,
        /** Per-client rate limits (never reached), budgets in a Redis server. */
        REDIS;

        /** The target name of the gateway running this variant: {@code gateway}, {@code gateway-observed}, … */
        public String target() {
            return this == PLAIN ? "gateway" : "gateway-" + name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static String logged(Path dir) {
        return "  requestLogging: {enabled: true, file: \"" + dir.resolve("requests.jsonl").toAbsolutePath()
                + "\", sqlite: \"" + dir.resolve("requests.db").toAbsolutePath() + "\"}\n";
    }

    /** The ModelGateway spec of a variant; {@code dir} holds its log files, {@code redis} is Redis' URL. */
    static String spec(Variant variant, Path dir, String redis) {
        String limits = "  rateLimits: {requestsPerMinute: 1000000000, tokensPerMinute: 2000000000}\n";
        return switch (variant) {
            case PLAIN -> "  requestLogging: {enabled: false}\n  metrics: {enabled: false}\n";
            case METRICS -> "  requestLogging: {enabled: false}\n  metrics: {enabled: true}\n";
            case LOGGED -> logged(dir) + "  metrics: {enabled: false}\n";
            case OBSERVED -> logged(dir) + "  metrics: {enabled: true}\n";
            case LIMITS -> "  requestLogging: {enabled: false}\n  metrics: {enabled: false}\n" + limits;
            case REDIS -> {
                if (redis == null) {
                    throw new BenchmarkException("variant redis needs --redis redis://127.0.0.1:PORT");
                }
                yield "  requestLogging: {enabled: false}\n  metrics: {enabled: false}\n" + limits
                        + "  sharedState: {redis: {url: \"" + redis + "\"}, failureMode: Open}\n";
            }
        };
    }

    /**
     * Writes the setup under {@code dir}.
     *
     * @param upstreamBaseUrl the fake upstream's OpenAI base URL, {@code http://127.0.0.1:PORT/v1}
     * @throws BenchmarkException when the URL is not loopback or the manifests do not compile
     */
    public static GatewaySetup write(Path dir, URI upstreamBaseUrl) throws IOException {
        return write(dir, upstreamBaseUrl, Variant.PLAIN, null, HttpVersion.Auto);
    }

    /** Writes the setup of a variant under {@code dir}, the gateway negotiating its HTTP version with the upstream. */
    public static GatewaySetup write(Path dir, URI upstreamBaseUrl, Variant variant, String redis) throws IOException {
        return write(dir, upstreamBaseUrl, variant, redis, HttpVersion.Auto);
    }

    /**
     * Writes the setup of a variant under {@code dir}.
     *
     * @param redis the Redis URL of {@link Variant#REDIS}, null otherwise
     * @param upstreamHttp the HTTP version the gateway speaks to the upstream ({@code Provider.spec.http.version})
     */
    public static GatewaySetup write(Path dir, URI upstreamBaseUrl, Variant variant, String redis, HttpVersion upstreamHttp)
            throws IOException {
        if (!"http".equals(upstreamBaseUrl.getScheme()) || !Loopback.is(upstreamBaseUrl.getHost())) {
            throw new BenchmarkException("upstream " + upstreamBaseUrl + " is not http://127.0.0.1:PORT/v1");
        }
        Path manifests = dir.resolve("manifests").resolve("bench.yaml");
        Files.createDirectories(manifests.getParent());
        String spec = spec(variant, dir, redis);
        Files.writeString(manifests, template().replace(PLACEHOLDER, upstreamBaseUrl.toString())
                        .replace(UPSTREAM_HTTP, upstreamHttp.name()).replace(SPEC + "\n", spec),
                StandardCharsets.UTF_8);

        ManifestSet set = new ManifestReader(Map.of()).read(manifests.getParent());
        CompileResult result = ConfigCompiler.compile(set, null);
        GatewayConfig config = result.gatewayConfig().orElseThrow(() -> new BenchmarkException(
                "the bench manifests do not compile: " + result.errors().stream().map(Problem::display)
                        .collect(Collectors.joining("; "))));
        Path configFile = dir.resolve("config.json");
        Files.writeString(configFile, config.toJson(), StandardCharsets.UTF_8);

        Path secretsDir = dir.resolve("secrets");
        for (ProviderConfig provider : config.providers()) {
            for (KeyRef key : provider.keys()) {
                Path file = secretsDir.resolve(key.secret()).resolve(key.key());
                Files.createDirectories(file.getParent());
                Files.writeString(file, set.keyValue(key.secret(), key.key()).orElseThrow(), StandardCharsets.UTF_8);
            }
        }
        return new GatewaySetup(manifests, configFile, secretsDir);
    }

    private static String template() throws IOException {
        try (InputStream in = GatewaySetup.class.getResourceAsStream("gateway-manifests.yaml")) {
            if (in == null) {
                throw new IOException("resource gateway-manifests.yaml not found");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
