package io.modelproxy.bench;

import io.modelproxy.api.HttpVersion;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gateway-setup}: writes the config and secrets directory that {@code model-proxy serve} runs from. */
@Command(name = "gateway-setup", mixinStandardHelpOptions = true,
        description = "Compile the bench manifests for an upstream into DIR/config.json and DIR/secrets/.")
final class GatewaySetupCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--upstream", required = true, paramLabel = "URL",
            description = "The fake upstream's base URL, http://127.0.0.1:PORT/v1.")
    private URI upstream;

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Where to write.")
    private Path dir;

    @Option(names = "--variant", paramLabel = "VARIANT", defaultValue = "PLAIN",
            description = "What the gateway does besides routing: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    private GatewaySetup.Variant variant;

    @Option(names = "--redis", paramLabel = "URL", description = "redis://127.0.0.1:PORT, for --variant REDIS.")
    private String redis;

    @Option(names = "--upstream-http", paramLabel = "VERSION", defaultValue = "Auto",
            description = "The HTTP version the gateway speaks to the upstream: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    private HttpVersion upstreamHttp;

    @Override
    public Integer call() throws Exception {
        GatewaySetup setup = GatewaySetup.write(dir, upstream, variant, redis, upstreamHttp);
        spec.commandLine().getOut().println("--config " + setup.config() + " --secrets-dir " + setup.secretsDir());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
