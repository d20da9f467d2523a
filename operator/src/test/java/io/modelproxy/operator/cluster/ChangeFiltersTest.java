package io.modelproxy.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.modelproxy.api.LogicalModel;
import io.modelproxy.api.LogicalModelSpec;
import io.modelproxy.api.LogicalModelStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangeFiltersTest {
    @Test
    void aRotatedValueIsNotAChangeButAnAddedOrRemovedKeyIs() {
        Secret before = secret(Map.of("key-1", "b2xk"));

        assertThat(ChangeFilters.secretKeysChanged(secret(Map.of("key-1", "bmV3")), before)).isFalse();
        assertThat(ChangeFilters.secretKeysChanged(secret(Map.of("key-1", "b2xk", "key-2", "bmV3")), before)).isTrue();
        assertThat(ChangeFilters.secretKeysChanged(secret(Map.of()), before)).isTrue();
        assertThat(ChangeFilters.secretKeysChanged(before, null)).isTrue();
    }

    @Test
    void aStatusPatchIsNotAChangeButASpecOrLabelEditIs() {
        LogicalModel before = model("turbo", Map.of());
        LogicalModel statusOnly = model("turbo", Map.of());
        statusOnly.setStatus(new LogicalModelStatus());
        statusOnly.getStatus().setRoutes(1);

        assertThat(ChangeFilters.specOrLabelsChanged(statusOnly, before)).isFalse();
        assertThat(ChangeFilters.specOrLabelsChanged(model("turbo-2", Map.of()), before)).isTrue();
        assertThat(ChangeFilters.specOrLabelsChanged(model("turbo", Map.of("tier", "fast")), before)).isTrue();
    }

    private static Secret secret(Map<String, String> data) {
        return new SecretBuilder().withNewMetadata().withName("keys").endMetadata().withData(data).build();
    }

    private static LogicalModel model(String modelName, Map<String, String> labels) {
        LogicalModel model = new LogicalModel();
        model.getMetadata().setName("turbo");
        model.getMetadata().setLabels(labels);
        model.setSpec(new LogicalModelSpec(modelName, null, null, null, null, null,
                List.of(new LogicalModelSpec.Route("groq", "llama", null, null, null, null)), null, null, null, null, null));
        return model;
    }
}
