package io.modelproxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelproxy.config.GatewayConfig;
import io.modelproxy.config.GatewaySettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code model-proxy serve} refuses what it cannot serve with a message an operator can act on. */
class ServeCommandTest {
    @TempDir
    Path dir;

    private record Run(int exit, String err) {}

    private Run serve(Map<String, String> env, String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ServeCommand(env));
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        int exit = cli.execute(args);
        return new Run(exit, err.toString());
    }

    private Path configWithoutClientKeys() throws Exception {
        GatewayConfig config = new GatewayConfig(1, GatewaySettings.defaults(), List.of(), List.of());
        return Files.writeString(dir.resolve("gateway.json"), config.toJson());
    }

    @Test
    void aConfigFileIsRequired() {
        Run run = serve(Map.of());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("Give exactly one of --manifests PATH");
    }

    @Test
    void aMissingFileOrSecretsDirIsNamed() throws Exception {
        assertThat(serve(Map.of(), "--config", dir.resolve("nope.json").toString()).err()).contains("nope.json: no such file");
        Run run = serve(Map.of(), "--config", configWithoutClientKeys().toString(), "--secrets-dir", dir.resolve("none").toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("no such directory");
    }

    @Test
    void badSettingsAreUsageErrors() throws Exception {
        String config = configWithoutClientKeys().toString();
        assertThat(serve(Map.of(), "--config", config, "--log-level", "loud").err()).contains("--log-level loud");
        assertThat(serve(Map.of("DEFAULT_CONTEXT_WINDOW", "big"), "--config", config).err())
                .contains("DEFAULT_CONTEXT_WINDOW=big: expected a positive integer");
    }

    @Test
    void refusesToListenBeyondLoopbackWithoutClientKeys() throws Exception {
        Run run = serve(Map.of(), "--config", configWithoutClientKeys().toString(), "--host", "0.0.0.0", "--port", "0");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("no client keys configured while listening beyond loopback")
                .contains("CLIENT_API_KEY").doesNotContain("Exception");
    }
}
