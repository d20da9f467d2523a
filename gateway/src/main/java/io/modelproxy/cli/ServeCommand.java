package io.modelproxy.cli;

import io.modelproxy.configsource.ConfigSource;
import io.modelproxy.configsource.FileConfigSource;
import io.modelproxy.configsource.ManifestConfigSource;
import io.modelproxy.admin.api.AdminService;
import io.modelproxy.admin.bench.GatewayBench;
import io.modelproxy.admin.directory.DirectoryStore;
import io.modelproxy.server.GatewayServer;
import io.modelproxy.server.GatewayServerBuilder;
import io.modelproxy.server.GatewayStartException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code model-proxy serve}: runs the gateway either on a directory of manifests compiled in-process
 * (standalone, the embedded default) or on a GatewayConfig file (what the operator mounts from a
 * ConfigMap) plus a secrets directory (Secrets mounted as {@code DIR/<secret>/<key>}), reloading
 * when anything changes.
 */
@Command(name = "serve", aliases = "run", mixinStandardHelpOptions = true,
        description = {"Run the gateway on manifests (--manifests) or on a GatewayConfig file (--config);",
                "edits and key rotations reload without a restart.",
                "Environment: HOST, PORT, LOG_LEVEL, CLIENT_API_KEY (an extra client key), ADMIN_API_KEY (the admin UI's key), "
                        + "CORS_ORIGINS (comma-separated), DEFAULT_CONTEXT_WINDOW."})
public final class ServeCommand implements Callable<Integer> {
    private static final Set<String> LEVELS = Set.of("trace", "debug", "info", "warn", "error", "off");
    /** Kubernetes delivers ConfigMap and Secret updates by symlink swaps; events catch them, this catches the rest. */
    private static final Duration POLL = Duration.ofSeconds(5);

    @Spec
    private CommandSpec spec;

    @Option(names = "--manifests", paramLabel = "PATH",
            description = "A manifest file or directory (Providers, LogicalModels, a ModelGateway, Secrets with ${VAR} keys).")
    private Path manifests;

    @Option(names = "--gateway", paramLabel = "NAME",
            description = "With --manifests: the ModelGateway to serve (default: the only one, or standalone defaults).")
    private String gatewayName;

    @Option(names = "--config", paramLabel = "FILE", description = "GatewayConfig JSON file (what the operator mounts).")
    private Path config;

    @Option(names = "--secrets-dir", paramLabel = "DIR",
            description = "Directory of mounted Secrets: the key k of Secret s is the file DIR/s/k.")
    private Path secretsDir;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "${env:HOST:-127.0.0.1}",
            description = "Listen address (default: ${DEFAULT-VALUE}). Beyond loopback, client keys are required.")
    private String host;

    @Option(names = "--port", defaultValue = "${env:PORT:-9876}", description = "Listen port (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "${env:LOG_LEVEL:-info}",
            description = "trace, debug, info, warn, error or off (default: ${DEFAULT-VALUE}).")
    private String logLevel;

    private final Map<String, String> env;

    /** @param env the environment: settings, and what {@code ${VAR}} in Secret manifests expands from */
    public ServeCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        ConfigSource source = configSource();
        String level = logLevel.toLowerCase(Locale.ROOT);
        if (!LEVELS.contains(level)) {
            throw new ParameterException(spec.commandLine(), "--log-level " + logLevel + ": expected one of " + LEVELS);
        }
        // slf4j-simple reads this when the first logger is made, which the gateway classes below do
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
        Integer contextWindow = contextWindow();
        PrintWriter err = spec.commandLine().getErr();
        GatewayServer server;
        try {
            server = start(source, contextWindow);
        } catch (GatewayStartException e) {
            err.println("model-proxy serve: " + e.getMessage());
            err.flush();
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "model-proxy-shutdown"));
        spec.commandLine().getOut().println("model-proxy listening on " + server.uri());
        spec.commandLine().getOut().flush();
        server.awaitTermination();
        return 0;
    }

    /**
     * Builds and starts the gateway; with a manifest directory, the admin UI ({@code /setup/}) and API
     * ({@code /v1/admin/*}) edit that directory, and the gateway's watch reloads what they write. The
     * admin credential is {@code ADMIN_API_KEY}, else {@code CLIENT_API_KEY}; without either only
     * loopback callers reach the admin.
     */
    GatewayServer start(ConfigSource source, Integer contextWindow) {
        GatewayServerBuilder builder = GatewayServer.builder(source)
                .host(host)
                .port(port)
                .clientApiKey(env.get("CLIENT_API_KEY"))
                .corsOrigins(corsOrigins())
                .defaultContextWindow(contextWindow);
        if (manifests != null && Files.isDirectory(manifests)) {
            String adminKey = env.getOrDefault("ADMIN_API_KEY", env.get("CLIENT_API_KEY"));
            builder.mountWith((gateway, sb) -> AdminService.builder(new DirectoryStore(manifests, env)).credential(adminKey)
                    .recentRequests(gateway.requestLog()).keyStatuses(gateway.keyStatuses())
                    .testBench(new GatewayBench(() -> loopback(gateway), env.get("CLIENT_API_KEY")))
                    .build().mountOn(sb));
        }
        return builder.build().start();
    }

    /** Where the gateway answers itself: loopback when it listens on every address. */
    private static URI loopback(GatewayServer server) {
        boolean wildcard = server.uri().getHost().equals("0.0.0.0") || server.uri().getHost().equals("[::]");
        return wildcard ? URI.create("http://127.0.0.1:" + server.port()) : server.uri();
    }

    ConfigSource configSource() {
        if ((manifests == null) == (config == null)) {
            throw new ParameterException(spec.commandLine(),
                    "Give exactly one of --manifests PATH (manifests, standalone) or --config FILE (a GatewayConfig JSON file)");
        }
        if (manifests != null) {
            if (!Files.exists(manifests)) {
                throw new ParameterException(spec.commandLine(), "--manifests " + manifests + ": no such file or directory");
            }
            if (secretsDir != null) {
                throw new ParameterException(spec.commandLine(), "--secrets-dir goes with --config; with --manifests keys come from Secret manifests");
            }
            return new ManifestConfigSource(manifests, env, gatewayName, POLL);
        }
        if (gatewayName != null) {
            throw new ParameterException(spec.commandLine(), "--gateway goes with --manifests");
        }
        if (!Files.isRegularFile(config)) {
            throw new ParameterException(spec.commandLine(), "--config " + config + ": no such file");
        }
        if (secretsDir != null && !Files.isDirectory(secretsDir)) {
            throw new ParameterException(spec.commandLine(), "--secrets-dir " + secretsDir + ": no such directory");
        }
        return new FileConfigSource(config, secretsDir, POLL);
    }

    private List<String> corsOrigins() {
        String value = env.get("CORS_ORIGINS");
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private Integer contextWindow() {
        String value = env.get("DEFAULT_CONTEXT_WINDOW");
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            int window = Integer.parseInt(value.strip());
            if (window > 0) {
                return window;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ParameterException(spec.commandLine(), "DEFAULT_CONTEXT_WINDOW=" + value + ": expected a positive integer");
    }
}
