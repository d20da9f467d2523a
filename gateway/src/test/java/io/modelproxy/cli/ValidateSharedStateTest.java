package io.modelproxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code model-proxy validate} on rate limits over several replicas. */
class ValidateSharedStateTest {
    @TempDir
    Path dir;

    private Cli validate(String spec) throws IOException {
        Files.writeString(dir.resolve("gateway.yaml"), """
                apiVersion: modelproxy.io/v1alpha1
                kind: ModelGateway
                metadata: {name: edge}
                spec:
                """ + spec.indent(2));
        return Cli.run("validate", dir.toString());
    }

    @Test
    void severalReplicasWithRateLimitsAndNoSharedStateIsAWarning() throws IOException {
        Cli cli = validate("replicas: 2\nrateLimits: {requestsPerMinute: 5}");

        assertThat(cli.exitCode()).isZero();
        assertThat(cli.out()).contains("warning: " + dir.resolve("gateway.yaml") + ": ModelGateway/edge: spec.sharedState:"
                + " 2 replicas with rate limits and no shared state: each replica keeps its own budget")
                .contains("OK — 0 providers, 0 models, 1 gateway; 1 warning");
    }

    @Test
    void withRedisThereIsNothingToSay() throws IOException {
        Cli cli = validate("replicas: 2\nrateLimits: {requestsPerMinute: 5}\n"
                + "sharedState: {redis: {url: \"redis://redis:6379\"}}");

        assertThat(cli.out()).doesNotContain("warning:").endsWith("OK — 0 providers, 0 models, 1 gateway; 0 warnings\n");
    }
}
