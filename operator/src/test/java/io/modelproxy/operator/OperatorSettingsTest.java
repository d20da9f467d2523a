package io.modelproxy.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorSettingsTest {
    @Test
    void defaultsWatchEveryNamespaceWithTheMatchingGatewayImage() {
        OperatorSettings settings = OperatorSettings.fromEnvironment(Map.of());

        assertThat(settings.watchNamespaces()).isEmpty();
        assertThat(settings.gatewayImage()).isEqualTo("ghcr.io/model-proxy/gateway:" + OperatorSettings.version());
        assertThat(OperatorSettings.version()).isNotBlank().doesNotContain("${");
        assertThat(settings.httpPort()).isEqualTo(8080);
        assertThat(settings.leaderElection()).isTrue();
        assertThat(settings.leaseNamespace()).isNull();
    }

    @Test
    void theEnvironmentOverridesEachSetting() {
        OperatorSettings settings = OperatorSettings.fromEnvironment(Map.of(
                "WATCH_NAMESPACES", " team-a, team-b ,,",
                "GATEWAY_IMAGE", "registry.internal/gateway:7",
                "HTTP_PORT", "9090",
                "LEADER_ELECTION", "false",
                "LEASE_NAMESPACE", "ops"));

        assertThat(settings.watchNamespaces()).containsExactlyInAnyOrder("team-a", "team-b");
        assertThat(settings.gatewayImage()).isEqualTo("registry.internal/gateway:7");
        assertThat(settings.httpPort()).isEqualTo(9090);
        assertThat(settings.leaderElection()).isFalse();
        assertThat(settings.leaseNamespace()).isEqualTo("ops");
    }

    @Test
    void aBadPortIsRefusedWithItsValue() {
        assertThatThrownBy(() -> OperatorSettings.fromEnvironment(Map.of("HTTP_PORT", "eighty")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'eighty'");
    }
}
