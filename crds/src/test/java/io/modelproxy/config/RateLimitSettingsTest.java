package io.modelproxy.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelproxy.api.ModelGatewaySpec.FailureMode;
import io.modelproxy.manifest.ManifestReader;
import io.modelproxy.manifest.Problem;
import io.modelproxy.manifest.Problem.Reason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** spec.rateLimits (clients, models) and spec.sharedState compiled into the GatewaySettings. */
class RateLimitSettingsTest {
    @TempDir
    Path dir;

    private static final String SECRETS = """
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: clients}
            stringData: {ci-bot: k1, alice: k2}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: redis}
            stringData: {password: s3cret}
            """;

    private CompileResult compile(String gatewaySpec) throws IOException {
        Path file = dir.resolve("gateway.yaml");
        Files.writeString(file, """
                apiVersion: modelproxy.io/v1alpha1
                kind: ModelGateway
                metadata: {name: gw}
                spec:
                """ + gatewaySpec.indent(2) + SECRETS);
        return ConfigCompiler.compile(new ManifestReader(Map.of()).read(file), null);
    }

    private static List<String> messages(CompileResult result) {
        return result.problems().stream().map(p -> p.severity() + " " + p.field() + ": " + p.message()).toList();
    }

    @Test
    void clientOverridesModelCapsAndRedisCompileIntoTheSettings() throws IOException {
        CompileResult result = compile("""
                replicas: 2
                clientKeys: {secretRef: {name: clients}}
                rateLimits:
                  requestsPerMinute: 600
                  tokensPerMinute: 100000
                  clients: {ci-bot: {requestsPerMinute: 60}}
                  models: {big-model: {tokensPerMinute: 5000}}
                sharedState:
                  redis: {url: "redis://redis.infra:6379/2", passwordSecretRef: {name: redis, key: password}}
                  failureMode: Closed
                """);

        assertThat(result.problems()).isEmpty();
        GatewaySettings settings = result.config().gateway();
        assertThat(settings.requestsPerMinute()).isEqualTo(600);
        assertThat(settings.clientRateLimits()).containsExactly(Map.entry("ci-bot", new RateLimit(60, null)));
        assertThat(settings.modelRateLimits()).containsExactly(Map.entry("big-model", new RateLimit(null, 5000)));
        assertThat(settings.sharedState()).isEqualTo(new SharedStateSettings("redis://redis.infra:6379/2",
                new KeyRef("redis", "password"), "modelproxy:gw:", FailureMode.Closed));
        // by reference only: the ConfigMap never holds the password
        assertThat(result.config().toJson()).doesNotContain("s3cret").contains("\"secret\" : \"redis\"");
    }

    @Test
    void theSettingsSurviveTheGatewayConfigJson() throws IOException {
        GatewayConfig config = compile("""
                rateLimits: {clients: {alice: {tokensPerMinute: 10}}}
                sharedState: {redis: {url: "redis://127.0.0.1:6379", keyPrefix: "team-a:"}}
                """).config();

        GatewayConfig read = GatewayConfig.fromJson(new ByteArrayInputStream(config.toJson().getBytes(StandardCharsets.UTF_8)));

        assertThat(read).isEqualTo(config);
        assertThat(read.gateway().sharedState().failureMode()).isEqualTo(FailureMode.Open);
        assertThat(read.gateway().sharedState().keyPrefix()).isEqualTo("team-a:");
        assertThat(read.gateway().rateLimited()).isTrue();
    }

    @Test
    void severalReplicasWithLimitsAndNoSharedStateIsAWarning() throws IOException {
        CompileResult result = compile("""
                replicas: 3
                rateLimits: {requestsPerMinute: 5}
                """);

        assertThat(result.hasErrors()).isFalse();
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.reason()).isEqualTo(Reason.PerReplicaState);
            assertThat(p.message()).contains("3 replicas").contains("set spec.sharedState.redis");
        });
        assertThat(compile("replicas: 1\nrateLimits: {requestsPerMinute: 5}").problems()).isEmpty();
        assertThat(compile("replicas: 3").problems()).isEmpty();
    }

    @Test
    void aPasswordInTheUrlIsRefusedSoItNeverReachesTheConfigMap() throws IOException {
        CompileResult result = compile("sharedState: {redis: {url: \"redis://:hunter2@redis:6379\"}}");

        assertThat(result.errors()).extracting(Problem::message)
                .singleElement().asString().contains("holds a password").contains("passwordSecretRef").doesNotContain("hunter2");
    }

    @Test
    void brokenRedisSettingsAreErrors() throws IOException {
        assertThat(messages(compile("sharedState: {redis: {url: \"http://redis:6379\"}}")))
                .anyMatch(m -> m.startsWith("ERROR spec.sharedState.redis.url"));
        assertThat(messages(compile("sharedState: {failureMode: Closed}")))
                .containsExactly("ERROR spec.sharedState.redis: required: Redis is the only shared state store");
        assertThat(messages(compile("sharedState: {redis: {url: \"redis://r\", passwordSecretRef: {name: redis}}}")))
                .containsExactly("ERROR spec.sharedState.redis.passwordSecretRef.key: required: the entry of the Secret"
                        + " that holds the password");
        assertThat(messages(compile("sharedState: {redis: {url: \"redis://r\", passwordSecretRef: {name: nope, key: p}}}")))
                .containsExactly("ERROR spec.sharedState.redis.passwordSecretRef.secretRef.name: Secret nope not found");
    }

    @Test
    void anOverrideForAClientNoKeyNamesIsAWarning() throws IOException {
        assertThat(messages(compile("""
                clientKeys: {secretRef: {name: clients}}
                rateLimits: {clients: {bob: {requestsPerMinute: 1}}}
                """))).containsExactly("WARNING spec.rateLimits.clients.bob: no client key is named bob"
                + " (clients: alice, ci-bot); this override limits nobody");
    }
}
