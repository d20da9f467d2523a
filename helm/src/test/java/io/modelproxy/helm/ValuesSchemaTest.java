package io.modelproxy.helm;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelproxy.helm.Chart.ValueSet;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** values.schema.json turns bad values into an install-time error that names the value and what is wrong. */
class ValuesSchemaTest {
    private static final Chart CHART = new Chart();

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            operator.replicas           | -1          | at '/operator/replicas': minimum: got -1, want 0
            defaultGateway.replicas     | -3          | at '/defaultGateway/replicas': minimum: got -3, want 0
            operator.logLevel           | verbose     | at '/operator/logLevel': value must be one of 'trace', 'debug', 'info', 'warn', 'error'
            operator.leaderElection     | yes         | at '/operator/leaderElection': got string, want boolean
            watchNamespaces[0]          | Team_A      | at '/watchNamespaces/0': 'Team_A' does not match pattern
            operator.image.tag          | 1.0:latest  | at '/operator/image/tag': '1.0:latest' does not match pattern
            defaultGateway.service.type | ExternalName| at '/defaultGateway/service/type': value must be one of 'ClusterIP', 'NodePort', 'LoadBalancer'
            defaultGateway.service.port | 70000       | at '/defaultGateway/service/port': maximum: got 70,000, want 65,535
            metrics.serviceMonitor.interval | often   | at '/metrics/serviceMonitor/interval': 'often' does not match pattern
            operator.replica            | 2           | at '/operator': additional properties 'replica' not allowed
            admin.gatewayUrl            | gateway:80  | at '/admin/gatewayUrl': 'gateway:80' does not match pattern
            admin.service.type          | ExternalName| at '/admin/service/type': value must be one of 'ClusterIP', 'NodePort', 'LoadBalancer'
            """)
    void badValuesFailTemplateWithTheSchemasMessage(String key, String value, String message) {
        assertThatThrownBy(() -> CHART.template(ValueSet.DEFAULTS, Map.of(key, value)))
                .hasMessageContaining("values don't meet the specifications of the schema(s)")
                .hasMessageContaining(message);
    }
}
