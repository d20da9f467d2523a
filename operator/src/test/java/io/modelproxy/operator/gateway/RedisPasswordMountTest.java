package io.modelproxy.operator.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.modelproxy.api.ModelGateway;
import io.modelproxy.config.CompileResult;
import io.modelproxy.config.ConfigCompiler;
import io.modelproxy.config.GatewayConfig;
import io.modelproxy.manifest.ManifestReader;
import io.modelproxy.operator.cluster.References;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Redis settings travel in the ConfigMap; the password Secret is mounted and watched like a key Secret. */
class RedisPasswordMountTest {
    @TempDir
    Path dir;

    @Test
    void theRedisPasswordSecretIsMountedAndOnlyNamedInTheConfig() throws IOException {
        Files.writeString(dir.resolve("gateway.yaml"), """
                apiVersion: modelproxy.io/v1alpha1
                kind: ModelGateway
                metadata: {name: gw}
                spec:
                  replicas: 2
                  clientKeys: {secretRef: {name: clients}}
                  rateLimits: {requestsPerMinute: 5}
                  sharedState:
                    redis: {url: "redis://redis:6379", passwordSecretRef: {name: redis-auth, key: password}}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: clients}
                stringData: {alice: k}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: redis-auth}
                stringData: {password: r3dis-pass}
                """);
        CompileResult result = ConfigCompiler.compile(new ManifestReader(Map.of()).read(dir), "gw");
        assertThat(result.problems()).isEmpty();
        GatewayConfig config = result.config();
        Secret redis = new SecretBuilder().withNewMetadata().withName("redis-auth").endMetadata()
                .withData(Map.of("password", Base64.getEncoder().encodeToString("r3dis-pass".getBytes(StandardCharsets.UTF_8))))
                .build();

        assertThat(GatewayResources.secretNames(config)).containsExactly("clients", "redis-auth");
        Map<String, byte[]> files = GatewayResources.mountedFiles(config, List.of(redis));
        assertThat(new String(files.get("secrets/redis-auth/password"), StandardCharsets.UTF_8)).isEqualTo("r3dis-pass");
        assertThat(GatewayResources.configMapData(config).get("gateway.json"))
                .contains("redis://redis:6379").doesNotContain("r3dis-pass");
        ModelGateway gateway = new ManifestReader(Map.of()).read(dir).gateways().getFirst().object();
        assertThat(References.clientKeySecrets(gateway)).containsExactlyInAnyOrder("clients", "redis-auth");
    }
}
