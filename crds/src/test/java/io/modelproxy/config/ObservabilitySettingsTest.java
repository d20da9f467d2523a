package io.modelproxy.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelproxy.api.ModelGatewaySpec.LogFormat;
import io.modelproxy.manifest.ManifestReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** spec.requestLogging and spec.metrics compiled into the GatewaySettings, and their defaults. */
class ObservabilitySettingsTest {
    @TempDir
    Path dir;

    private CompileResult compile(String gatewaySpec) throws IOException {
        Path file = dir.resolve("gateway.yaml");
        Files.writeString(file, """
                apiVersion: modelproxy.io/v1alpha1
                kind: ModelGateway
                metadata: {name: gw}
                spec:
                """ + gatewaySpec.indent(2));
        return ConfigCompiler.compile(new ManifestReader(Map.of()).read(file), null);
    }

    @Test
    void everySinkAndTheMetricsSwitchCompile() throws IOException {
        CompileResult result = compile("""
                requestLogging: {enabled: true, format: Json, file: /var/log/mp/requests.jsonl, maxFileBytes: 4096,
                                 sqlite: /var/log/mp/requests.db, bodies: true}
                metrics: {enabled: false}
                """);
        assertThat(result.errors()).isEmpty();
        GatewaySettings settings = result.config().gateway();
        assertThat(settings.requestLogging()).isTrue();
        assertThat(settings.requestLog()).isEqualTo(new RequestLogSettings(LogFormat.Json, "/var/log/mp/requests.jsonl", 4096,
                "/var/log/mp/requests.db", true));
        assertThat(settings.metrics()).isFalse();
    }

    @Test
    void withoutThemTheAccessLineAndMetricsAreOn() throws IOException {
        GatewaySettings settings = compile("replicas: 1\n").config().gateway();
        assertThat(settings.requestLog()).isEqualTo(RequestLogSettings.defaults());
        assertThat(settings.metrics()).isTrue();
        // a GatewayConfig file written before these fields existed reads the same
        GatewayConfig old = ConfigFile.read(new ByteArrayInputStream("{\"version\":1,\"gateway\":{\"name\":\"gw\"}}"
                .getBytes(StandardCharsets.UTF_8)));
        assertThat(old.gateway().metrics()).isTrue();
        assertThat(old.gateway().requestLog()).isEqualTo(RequestLogSettings.defaults());
    }

    @Test
    void aBlankPathIsRejectedByTheSchema() throws IOException {
        assertThat(compile("requestLogging: {sqlite: \" \"}\n").errors()).isNotEmpty();
    }
}
