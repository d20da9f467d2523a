package io.modelproxy.cli;

import static io.modelproxy.testing.TestConfigs.config;
import static io.modelproxy.testing.TestConfigs.model;
import static io.modelproxy.testing.TestConfigs.provider;
import static io.modelproxy.testing.TestConfigs.route;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelproxy.api.Dialect;
import io.modelproxy.testing.TestGateway;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code model-proxy health} against a real gateway on loopback, and against a port where nothing listens. */
class HealthCommandTest {
    @TempDir
    Path dir;

    @Test
    void aGatewayWithAUsableRouteIsHealthy() {
        try (TestGateway gateway = new TestGateway(dir).secret("up-keys", "k1", "sk-up-1")
                .config(config(List.of(provider("up", Dialect.OpenAIChat, "http://127.0.0.1:1/v1", "k1")),
                        List.of(model("m", route("up", "m-upstream")))))
                .start()) {
            Cli cli = Cli.run("health", "--url", gateway.url());

            assertThat(cli.exitCode()).isZero();
            assertThat(cli.out()).startsWith("{\"status\":\"ok\"").contains("\"route\":\"up/m-upstream\"").endsWith("}\n");
            assertThat(cli.out().strip()).doesNotContain("\n").doesNotContain("sk-up-1");
            assertThat(cli.err()).isEmpty();
        }
    }

    @Test
    void aGatewayWithoutConfigIsNotReady() {
        try (TestGateway gateway = new TestGateway(dir).start()) {
            Cli cli = Cli.run("health", "--url", gateway.url() + "/", "--timeout", "10");

            assertThat(cli.exitCode()).isEqualTo(HealthCommand.NOT_READY);
            assertThat(cli.out()).contains("\"status\":\"not ready\"");
            assertThat(cli.err()).startsWith("model-proxy health: not ready: no configuration loaded");
        }
    }

    @Test
    void aGatewayWhoseProvidersHaveNoKeyIsNotReady() {
        // the key file is never written: the provider is short of its only key
        try (TestGateway gateway = new TestGateway(dir)
                .config(config(List.of(provider("up", Dialect.OpenAIChat, "http://127.0.0.1:1/v1", "k1")),
                        List.of(model("m", route("up", "m-upstream")))))
                .start()) {
            Cli cli = Cli.run("health", "--url", gateway.url());

            assertThat(cli.exitCode()).isEqualTo(HealthCommand.NOT_READY);
            assertThat(cli.err()).contains("none of the 1 routes can serve now");
        }
    }

    @Test
    void nothingListeningIsExitCode4() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Cli cli = Cli.run("health", "--url", "http://127.0.0.1:" + port, "--timeout", "2");

        assertThat(cli.exitCode()).isEqualTo(HealthCommand.UNREACHABLE);
        assertThat(cli.out()).isEmpty();
        assertThat(cli.err()).startsWith("model-proxy health: nothing answers at http://127.0.0.1:" + port + "/health/detailed");
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertThat(Cli.run("health", "--url", "ftp://x").err()).contains("--url ftp://x: expected http://HOST:PORT");
        assertThat(Cli.run("health", "--timeout", "0").exitCode()).isEqualTo(Main.USAGE_ERROR);
    }

    @Test
    void runIsServe() {
        Cli cli = Cli.run("run", "--help");

        assertThat(cli.exitCode()).isZero();
        assertThat(cli.out()).contains("Usage: model-proxy serve", "--manifests");
    }
}
