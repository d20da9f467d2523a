package io.modelproxy.operator.cluster;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelproxy.config.GatewayConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Optional;

/**
 * The GatewayConfigs the operator wrote into its gateways' ConfigMaps: what the pods serve, and so the
 * "previous accepted config" an object's new version is judged against.
 */
public final class ServedConfigs {
    /** The ConfigMap entry holding the GatewayConfig JSON. */
    public static final String CONFIG_KEY = "gateway.json";
    /** The label on everything the operator owns. */
    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY = "model-proxy-operator";

    private ServedConfigs() {}

    /** The config in a ConfigMap; empty when there is none, or it was edited by hand beyond recognition. */
    public static Optional<GatewayConfig> of(ConfigMap configMap) {
        String json = configMap.getData() == null ? null : configMap.getData().get(CONFIG_KEY);
        if (json == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(GatewayConfig.fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The config of the first gateway of the namespace (by ConfigMap name) that serves the object: the
     * version of it, and of its neighbours, the operator accepted last.
     */
    public static Optional<GatewayConfig> serving(KubernetesClient client, String namespace, String kind, String name) {
        return client.configMaps().inNamespace(namespace).withLabel(MANAGED_BY_LABEL, MANAGED_BY).list().getItems().stream()
                .sorted(Comparator.comparing(c -> c.getMetadata().getName()))
                .map(ServedConfigs::of)
                .flatMap(Optional::stream)
                .filter(config -> config.source(kind, name).isPresent())
                .findFirst();
    }
}
