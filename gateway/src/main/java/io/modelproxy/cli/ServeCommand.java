package io.modelproxy.cli;

import io.modelproxy.api.Protocol;
import io.modelproxy.configsource.FileConfigSource;
import io.modelproxy.server.GatewayServer;
import io.modelproxy.server.GatewayStartException;
import io.modelproxy.translate.ExchangeTranslator;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code model-proxy serve}: runs the gateway on a GatewayConfig file (what the operator mounts from a
 * ConfigMap) and a secrets directory (Secrets mounted as {@code DIR/<secret>/<key>}), reloading both
 * when they change.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the gateway on a GatewayConfig file; edits and key rotations reload without a restart.",
                "Environment: HOST, PORT, LOG_LEVEL, CLIENT_API_KEY (an extra client key), "
                        + "CORS_ORIGINS (comma-separated), DEFAULT_CONTEXT_WINDOW."})
public final class ServeCommand implements Callable<Integer> {
    private static final Set<String> LEVELS = Set.of("trace", "debug", "info", "warn", "error", "off");
    /** Kubernetes delivers ConfigMap and Secret updates by symlink swaps; events catch them, this catches the rest. */
    private static final Duration POLL = Duration.ofSeconds(5);

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "GatewayConfig JSON file.")
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

    private final Function<String, String> env;
    private final BiFunction<Protocol, Protocol, ExchangeTranslator> translators;

    public ServeCommand() {
        this(System::getenv, (client, upstream) -> null);
    }

    /**
     * @param env the environment ({@code System::getenv} in production)
     * @param translators translators for cross-dialect routes, {@code (client, provider) -> translator or null}
     */
    public ServeCommand(Function<String, String> env, BiFunction<Protocol, Protocol, ExchangeTranslator> translators) {
        this.env = env;
        this.translators = translators;
    }

    @Override
    public Integer call() {
        if (config == null) {
            throw new ParameterException(spec.commandLine(), "Missing --config FILE (a GatewayConfig JSON file)");
        }
        if (!Files.isRegularFile(config)) {
            throw new ParameterException(spec.commandLine(), "--config " + config + ": no such file");
        }
        if (secretsDir != null && !Files.isDirectory(secretsDir)) {
            throw new ParameterException(spec.commandLine(), "--secrets-dir " + secretsDir + ": no such directory");
        }
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
            server = GatewayServer.builder(new FileConfigSource(config, secretsDir, POLL))
                    .host(host)
                    .port(port)
                    .clientApiKey(env.apply("CLIENT_API_KEY"))
                    .corsOrigins(corsOrigins())
                    .defaultContextWindow(contextWindow)
                    .translators(translators)
                    .build()
                    .start();
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

    private List<String> corsOrigins() {
        String value = env.apply("CORS_ORIGINS");
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private Integer contextWindow() {
        String value = env.apply("DEFAULT_CONTEXT_WINDOW");
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
