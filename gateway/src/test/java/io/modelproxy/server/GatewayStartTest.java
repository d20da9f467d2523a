package io.modelproxy.server;

import static io.modelproxy.testing.TestConfigs.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import io.modelproxy.config.GatewayConfig;
import io.modelproxy.config.GatewaySettings;
import io.modelproxy.configsource.ConfigSource;
import io.modelproxy.testing.TestGateway;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting the gateway from code: without a config yet, and where starting would be unsafe. */
class GatewayStartTest {
    @TempDir
    Path dir;

    @Test
    void withoutAValidConfigTheGatewayRunsButIsNotReadyUntilOneAppears() {
        TestGateway gateway = new TestGateway(dir).configText("{ this is not json").start();
        try {
            AggregatedHttpResponse ready = gateway.http().get("/health/ready").aggregate().join();
            assertThat(ready.status().code()).isEqualTo(503);
            assertThat(ready.contentUtf8()).contains("cannot read the config");
            AggregatedHttpResponse api = gateway.post("/v1/chat/completions", "{\"model\":\"m\"}");
            assertThat(api.status().code()).isEqualTo(503);
            assertThat(api.contentUtf8()).contains("has not loaded a configuration");

            gateway.config(config(List.of(), List.of()));
            await().atMost(Duration.ofSeconds(10)).until(() -> gateway.server().ready());
            assertThat(gateway.http().get("/health/ready").aggregate().join().status().code()).isEqualTo(200);
        } finally {
            gateway.close();
        }
    }

    @Test
    void refusesANonLoopbackAddressWithoutClientKeysBeforeBinding() {
        GatewayConfig open = new GatewayConfig(1, GatewaySettings.defaults(), List.of(), List.of());
        GatewayServer server = GatewayServer.builder(ConfigSource.of(open, Map.of())).host("0.0.0.0").port(0).build();
        assertThatThrownBy(server::start).isInstanceOf(GatewayStartException.class)
                .hasMessageContaining("no client keys configured while listening beyond loopback");
        assertThatThrownBy(server::port).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void startsFromAnInMemoryConfig() {
        GatewayConfig open = new GatewayConfig(1, GatewaySettings.defaults(), List.of(), List.of());
        try (GatewayServer server = GatewayServer.builder(ConfigSource.of(open, Map.of())).port(0)
                .shutdownGrace(Duration.ZERO).build().start()) {
            assertThat(server.ready()).isTrue();
            assertThat(server.uri().toString()).startsWith("http://127.0.0.1:");
        }
    }
}
