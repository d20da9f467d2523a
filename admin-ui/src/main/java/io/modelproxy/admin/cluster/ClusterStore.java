package io.modelproxy.admin.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.modelproxy.admin.store.EditCheck;
import io.modelproxy.admin.store.EditRefused;
import io.modelproxy.admin.store.KeyFingerprint;
import io.modelproxy.admin.store.ManifestShape;
import io.modelproxy.admin.store.ManifestStore;
import io.modelproxy.admin.store.ObjectKind;
import io.modelproxy.admin.store.Precondition;
import io.modelproxy.admin.store.StoredObject;
import io.modelproxy.api.LogicalModel;
import io.modelproxy.api.ModelGateway;
import io.modelproxy.api.Provider;
import io.modelproxy.manifest.ManifestSet;
import io.modelproxy.manifest.Problem;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The custom resources of one namespace, through the API server. Writes are server-side apply with the
 * field manager {@value #FIELD_MANAGER}, so the admin owns only the fields it sets and {@code kubectl}
 * shows who changed what; objects a GitOps tool manages are refused with 409 and the reason.
 *
 * <p>Versions are resourceVersions, and a write with one sends it in the applied object, so the API
 * server itself refuses a stale edit. The admin cannot read Secrets (least privilege: it may only
 * create and patch them when it manages keys), so key references are not checked here and no key
 * digest is listed; the operator reports them in each object's status conditions.
 */
public final class ClusterStore implements ManifestStore {
    public static final String FIELD_MANAGER = GitOpsOwnership.OWN_MANAGER;

    private final KubernetesClient client;
    private final String namespace;
    private final boolean manageSecrets;
    private final KubernetesSerialization serialization;
    private final EditCheck check = new EditCheck(EditCheck::aboutKeys);

    /**
     * @param manageSecrets whether the admin may create and patch Secrets (set keys)
     */
    public ClusterStore(KubernetesClient client, String namespace, boolean manageSecrets) {
        this.client = client;
        this.namespace = namespace;
        this.manageSecrets = manageSecrets;
        this.serialization = client.getKubernetesSerialization();
    }

    @Override
    public String mode() {
        return "cluster";
    }

    @Override
    public String location() {
        return namespace;
    }

    @Override
    public List<StoredObject> list(ObjectKind kind) {
        return objects(kind).stream().map(object -> stored(kind, object)).toList();
    }

    @Override
    public Optional<StoredObject> get(ObjectKind kind, String name) {
        return fetch(kind, name).map(object -> stored(kind, object));
    }

    @Override
    public Written put(ObjectKind kind, String name, JsonNode manifest, Precondition precondition, boolean dryRun) {
        ObjectNode shaped = ManifestShape.normalize(kind, name, manifest);
        String givenNamespace = shaped.path("metadata").path("namespace").asText(namespace);
        if (!givenNamespace.equals(namespace)) {
            throw EditRefused.invalid("metadata.namespace must be " + namespace + " (this admin's namespace)",
                    "metadata.namespace");
        }
        ((ObjectNode) shaped.get("metadata")).put("namespace", namespace);
        Optional<HasMetadata> existing = fetch(kind, name);
        existing.flatMap(object -> GitOpsOwnership.reason(object.getMetadata())).ifPresent(reason -> {
            throw EditRefused.conflict(kind.kind() + " " + name + " is read-only here: " + reason);
        });
        precondition.check(kind, name, existing.map(o -> o.getMetadata().getResourceVersion()).orElse(null));
        if (existing.isPresent()) {
            StoredObject current = stored(kind, existing.get());
            if (ManifestShape.normalize(kind, name, current.manifest()).equals(shaped)) {
                return new Written(current, ManifestShape.yaml(shaped), warnings(), false);
            }
        }
        HasMetadata candidate = serialization.convertValue(shaped, kind.type());
        List<Problem> warnings = verify(kind, name, candidate);
        if (dryRun) {
            return new Written(new StoredObject(kind, name, "", shaped, source(kind, name), null),
                    ManifestShape.yaml(shaped), warnings, true);
        }
        if (precondition.version() != null) {
            candidate.getMetadata().setResourceVersion(precondition.version());  // the API server checks it
        }
        HasMetadata applied = apply(candidate);
        return new Written(stored(kind, applied), ManifestShape.yaml(shaped), warnings, true);
    }

    @Override
    public void delete(ObjectKind kind, String name, Precondition precondition) {
        HasMetadata existing = fetch(kind, name)
                .orElseThrow(() -> EditRefused.notFound(kind.kind() + " " + name + " not found in " + namespace));
        GitOpsOwnership.reason(existing.getMetadata()).ifPresent(reason -> {
            throw EditRefused.conflict(kind.kind() + " " + name + " is read-only here: " + reason);
        });
        precondition.check(kind, name, existing.getMetadata().getResourceVersion());
        verify(kind, name, null);
        try {
            client.resources(kind.type()).inNamespace(namespace).withName(name).delete();
        } catch (KubernetesClientException e) {
            throw refusal(e);
        }
    }

    @Override
    public String setKey(String secret, String key, String value) {
        if (!manageSecrets) {
            throw EditRefused.forbidden("this admin does not manage Secrets (admin.manageSecrets is false): "
                    + "create the key with kubectl create secret");
        }
        Secret patch = new SecretBuilder()
                .withNewMetadata().withName(secret).withNamespace(namespace).endMetadata()
                .addToData(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)))
                .build();
        apply(patch);  // the answer holds the Secret's data: it is dropped here, never returned
        return KeyFingerprint.of(value);
    }

    @Override
    public Map<String, Map<String, String>> keyDigests() {
        return Map.of();
    }

    @Override
    public List<Problem> problems() {
        return check.problems(set(current()));
    }

    @Override
    public ManifestSet manifests() {
        return set(current());
    }

    @Override
    public Optional<Map<String, String>> variables() {
        return Optional.empty();
    }

    private List<Problem> warnings() {
        return problems().stream().filter(problem -> !problem.isError()).toList();
    }

    private HasMetadata apply(HasMetadata object) {
        try {
            return client.resource(object).inNamespace(namespace)
                    .fieldManager(FIELD_MANAGER)
                    .forceConflicts()  // the person editing has just seen the object; kubectl's fields give way
                    .serverSideApply();
        } catch (KubernetesClientException e) {
            throw refusal(e);
        }
    }

    /** The API server's answer in the admin's terms; its message names fields, never Secret values. */
    private static EditRefused refusal(KubernetesClientException e) {
        String message = e.getStatus() != null && e.getStatus().getMessage() != null
                ? e.getStatus().getMessage() : "the API server refused the change (HTTP " + e.getCode() + ")";
        return switch (e.getCode()) {
            case 409 -> EditRefused.conflict(message);
            case 404 -> EditRefused.notFound(message);
            case 400, 422 -> EditRefused.invalid(message, null);
            case 401, 403 -> EditRefused.forbidden("the admin's ServiceAccount may not do this: " + message);
            default -> throw e;
        };
    }

    /**
     * Compiles the namespace's objects with one replaced ({@code candidate}) or removed (null).
     *
     * @return the warnings after the change
     */
    private List<Problem> verify(ObjectKind kind, String name, HasMetadata candidate) {
        Map<ObjectKind, List<HasMetadata>> now = current();
        Map<ObjectKind, List<HasMetadata>> after = new EnumMap<>(ObjectKind.class);
        now.forEach((k, objects) -> after.put(k, new ArrayList<>(objects)));
        after.get(kind).removeIf(object -> object.getMetadata().getName().equals(name));
        if (candidate != null) {
            after.get(kind).add(candidate);
        }
        return EditCheck.check(check.problems(set(now)), check.problems(set(after)));
    }

    private Map<ObjectKind, List<HasMetadata>> current() {
        Map<ObjectKind, List<HasMetadata>> objects = new EnumMap<>(ObjectKind.class);
        for (ObjectKind kind : ObjectKind.values()) {
            objects.put(kind, objects(kind));
        }
        return objects;
    }

    private ManifestSet set(Map<ObjectKind, List<HasMetadata>> objects) {
        return ManifestSet.fromCluster(namespace,
                objects.get(ObjectKind.PROVIDERS).stream().map(Provider.class::cast).toList(),
                objects.get(ObjectKind.MODELS).stream().map(LogicalModel.class::cast).toList(),
                objects.get(ObjectKind.GATEWAYS).stream().map(ModelGateway.class::cast).toList(),
                List.of());
    }

    private List<HasMetadata> objects(ObjectKind kind) {
        try {
            return List.copyOf(client.resources(kind.type()).inNamespace(namespace).list().getItems());
        } catch (KubernetesClientException e) {
            throw refusal(e);
        }
    }

    private Optional<HasMetadata> fetch(ObjectKind kind, String name) {
        try {
            return Optional.ofNullable(client.resources(kind.type()).inNamespace(namespace).withName(name).get());
        } catch (KubernetesClientException e) {
            throw refusal(e);
        }
    }

    private StoredObject stored(ObjectKind kind, HasMetadata object) {
        ObjectNode node = serialization.convertValue(object, ObjectNode.class);
        JsonNode metadata = node.path("metadata");
        if (metadata instanceof ObjectNode meta) {
            meta.remove("managedFields");  // noise for a person; kubectl hides it too
        }
        String name = object.getMetadata().getName();
        return new StoredObject(kind, name, String.valueOf(object.getMetadata().getResourceVersion()), node,
                source(kind, name), GitOpsOwnership.reason(object.getMetadata()).orElse(null));
    }

    private String source(ObjectKind kind, String name) {
        return namespace + "/" + kind.kind() + "/" + name;
    }
}
