package io.modelproxy.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelproxy.api.Strategy;
import io.modelproxy.config.ModelConfig;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoutedModelTest {

    private static Route route(String model, int weight) {
        return new Route(null, new ModelConfig.Route("p", model, weight, null, null, null), null, new Circuit());
    }

    private static RoutedModel routed(Strategy strategy, Route... routes) {
        return new RoutedModel(new ModelConfig("m", List.of(), null, 0, 0, strategy, List.of(), List.of(), null, null, null, null),
                List.of(routes));
    }

    @Test
    void orderedKeepsTheListedOrder() {
        Route a = route("a", 1);
        Route b = route("b", 9);
        assertThat(routed(Strategy.Ordered, a, b).routesInOrder()).containsExactly(a, b);
    }

    @Test
    void weightedPicksTheFirstByWeightAndKeepsTheRestByDescendingWeight() {
        Route never = route("never", 0);
        Route light = route("light", 1);
        Route heavy = route("heavy", 1);
        RoutedModel model = routed(Strategy.Weighted, never, light, heavy);
        Set<Route> firsts = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            List<Route> order = model.routesInOrder();
            assertThat(order).containsExactlyInAnyOrder(never, light, heavy);
            assertThat(order.getFirst()).isNotEqualTo(never);
            assertThat(order.getLast()).isEqualTo(never);
            firsts.add(order.getFirst());
        }
        assertThat(firsts).containsExactlyInAnyOrder(light, heavy);
    }

    @Test
    void circuitOpensAfterThreeFailuresAndReopensOnTheFirstFailureAfterward() {
        Circuit circuit = new Circuit();
        circuit.recordFailure(0);
        circuit.recordFailure(0);
        assertThat(circuit.isOpen(0)).isFalse();
        circuit.recordFailure(0);
        assertThat(circuit.isOpen(Circuit.OPEN_MILLIS - 1)).isTrue();
        assertThat(circuit.isOpen(Circuit.OPEN_MILLIS)).isFalse();
        circuit.recordFailure(Circuit.OPEN_MILLIS);
        assertThat(circuit.isOpen(Circuit.OPEN_MILLIS + 1)).isTrue();
        circuit.recordSuccess();
        circuit.recordFailure(3 * Circuit.OPEN_MILLIS);
        assertThat(circuit.isOpen(3 * Circuit.OPEN_MILLIS)).isFalse();
    }
}
