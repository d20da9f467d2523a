package io.modelproxy.operator.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which updates of a watched object can change what another object compiles to. Everything else
 * (status patches, a key value rotation) is dropped before it triggers a reconciliation.
 */
public final class ChangeFilters {
    private ChangeFilters() {}

    /**
     * A custom resource matters to others when its spec or labels change (labels: a ModelGateway's
     * modelSelector). Its own status patches do not, so reconcilers do not wake each other in a loop.
     */
    public static <R extends CustomResource<?, ?>> boolean specOrLabelsChanged(R newObject, R oldObject) {
        return oldObject == null
                || !Objects.equals(newObject.getSpec(), oldObject.getSpec())
                || !Objects.equals(labels(newObject), labels(oldObject));
    }

    /**
     * A Secret matters when its set of keys changes. A new value under the same key does not: the
     * config names keys, never values, and the kubelet updates the mounted file for the gateway.
     */
    public static boolean secretKeysChanged(Secret newSecret, Secret oldSecret) {
        return oldSecret == null || !keys(newSecret).equals(keys(oldSecret));
    }

    private static Set<String> keys(Secret secret) {
        Set<String> keys = new TreeSet<>();
        if (secret.getData() != null) {
            keys.addAll(secret.getData().keySet());
        }
        if (secret.getStringData() != null) {
            keys.addAll(secret.getStringData().keySet());
        }
        return keys;
    }

    private static Map<String, String> labels(HasMetadata object) {
        Map<String, String> labels = object.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }
}
