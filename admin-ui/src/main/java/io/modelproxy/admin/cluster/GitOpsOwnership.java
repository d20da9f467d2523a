package io.modelproxy.admin.cluster;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a GitOps tool owns an object. Such an object is read-only in the admin: a change would be
 * reverted on the tool's next sync (or fight it), so the admin offers the edited YAML for a pull request.
 */
final class GitOpsOwnership {
    static final String OWN_MANAGER = "model-proxy-admin";
    /** Argo CD's default tracking label, and the custom one its docs suggest. */
    private static final List<String> ARGO_LABELS = List.of("app.kubernetes.io/instance", "argocd.argoproj.io/instance");
    private static final String ARGO_TRACKING = "argocd.argoproj.io/tracking-id";
    private static final String MANAGED_BY = "app.kubernetes.io/managed-by";

    private GitOpsOwnership() {}

    /** Why the object is read-only, or empty when the admin may edit it. */
    static Optional<String> reason(ObjectMeta metadata) {
        Map<String, String> labels = metadata.getLabels() == null ? Map.of() : metadata.getLabels();
        Map<String, String> annotations = metadata.getAnnotations() == null ? Map.of() : metadata.getAnnotations();
        if (annotations.containsKey(ARGO_TRACKING)) {
            return Optional.of("managed by Argo CD (annotation " + ARGO_TRACKING + "): change it in Git");
        }
        for (String label : ARGO_LABELS) {
            if (labels.containsKey(label)) {
                return Optional.of("managed by Argo CD (tracking label " + label + "): change it in Git");
            }
        }
        for (String label : labels.keySet()) {
            if (label.startsWith("kustomize.toolkit.fluxcd.io/") || label.startsWith("helm.toolkit.fluxcd.io/")) {
                return Optional.of("managed by Flux (label " + label + "): change it in Git");
            }
        }
        String manager = labels.get(MANAGED_BY);
        if (manager != null && !manager.equals(OWN_MANAGER)) {
            return Optional.of("managed by " + manager + " (label " + MANAGED_BY + "): change it there");
        }
        return Optional.empty();
    }
}
