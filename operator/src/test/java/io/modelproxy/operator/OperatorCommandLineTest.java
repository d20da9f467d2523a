package io.modelproxy.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The operator's main answers {@code --help} and {@code --version} without a cluster: run as its own
 * process, pointed at a Kubernetes API where nothing listens, it still prints and exits 0.
 */
class OperatorCommandLineTest {
    private record Run(int exit, String out, String err) {}

    private static Run main(String... args) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new java.util.ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                OperatorMain.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("KUBERNETES_MASTER", "http://127.0.0.1:1");
        builder.environment().put("KUBECONFIG", "/nonexistent/kubeconfig");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the operator process ends by itself").isTrue();
        return new Run(process.exitValue(), out, err);
    }

    @Test
    void helpNamesTheSettingsAndExitCodes() throws Exception {
        Run run = main("--help");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("Usage: java -jar model-proxy-operator.jar")
                .contains("WATCH_NAMESPACES", "GATEWAY_IMAGE", "HTTP_PORT", "LEADER_ELECTION", "Exit codes:");
        assertThat(run.err()).doesNotContain("Exception", "127.0.0.1:1");
    }

    @Test
    void versionIsTheBuildsVersion() throws Exception {
        Run run = main("-V");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("model-proxy-operator " + OperatorSettings.version() + "\n");
    }

    @Test
    void otherArgumentsAreAUsageError() throws Exception {
        Run run = main("--watch", "x");

        assertThat(run.exit()).isEqualTo(OperatorCommandLine.USAGE_ERROR);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("model-proxy-operator: unexpected arguments [--watch, x]").contains("--help");
    }
}
