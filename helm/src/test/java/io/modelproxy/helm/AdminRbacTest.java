package io.modelproxy.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.modelproxy.admin.bundle.ManifestBundles;
import io.modelproxy.admin.cluster.ClusterStore;
import io.modelproxy.admin.store.EditRefused;
import io.modelproxy.admin.store.ManifestShape;
import io.modelproxy.admin.store.ObjectKind;
import io.modelproxy.admin.store.Precondition;
import io.modelproxy.helm.ApiRequest.Grant;
import io.modelproxy.helm.Chart.ValueSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chart's RBAC for the admin UI against what the admin really does: its cluster store, with the
 * namespace and the Secrets access the chart renders into the admin's Deployment, runs against the mock
 * API server through a client that records every request while it lists, creates, edits and deletes
 * each kind, plans an import, exports and sets a key. Every request must be allowed by the admin's Role,
 * and every verb granted must have been used, except the ones in {@link #UNOBSERVABLE}.
 *
 * <p>The mock server cannot serve apply patches (see ClusterStoreTest): each apply is answered by an
 * expectation that echoes it, and the test then creates the object as the API server would have.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class AdminRbacTest {
    static KubernetesClient client;
    static KubernetesMockServer server;

    private static final Chart CHART = new Chart();
    private static final String NAMESPACE = "llm";
    private static final String SSA_CREATES = "server-side apply of an object that does not exist creates it, which the"
            + " API server authorizes as create; the mock server records the apply as the patch it is";
    /** Granted, but no request shows it. */
    private static final Map<Grant, String> UNOBSERVABLE = Map.of(
            new Grant("modelproxy.io", "providers", "create"), SSA_CREATES,
            new Grant("modelproxy.io", "logicalmodels", "create"), SSA_CREATES,
            new Grant("modelproxy.io", "modelgateways", "create"), SSA_CREATES,
            new Grant("", "secrets", "create"), SSA_CREATES);

    @ParameterizedTest(name = "manageSecrets={0}")
    @ValueSource(booleans = {true, false})
    void theAdminUsesExactlyWhatTheChartGrants(boolean manageSecrets) {
        List<HasMetadata> rendered = CHART.render(ValueSet.named("admin"), Map.of("admin.manageSecrets", manageSecrets));
        Rbac rbac = Rbac.grantedTo(new SubjectBuilder().withKind("ServiceAccount").withName(Chart.ADMIN)
                .withNamespace(NAMESPACE).build(), rendered);
        List<String> args = Chart.named(rendered, Deployment.class, Chart.ADMIN).getSpec().getTemplate().getSpec()
                .getContainers().getFirst().getArgs();
        assertThat(args).startsWith("admin", "--namespace", NAMESPACE);
        assertThat(args.contains("--manage-secrets")).isEqualTo(manageSecrets);

        List<ApiRequest> requests = new CopyOnWriteArrayList<>();
        try (KubernetesClient recording = ApiRequest.recordingClient(client, requests)) {
            exercise(new ClusterStore(recording, NAMESPACE, args.contains("--manage-secrets")), manageSecrets);
        }

        assertThat(requests).isNotEmpty();
        assertThat(rbac.denied(requests)).as("requests the chart's RBAC would deny").isEmpty();
        Set<Grant> unused = rbac.unused(requests);
        Set<Grant> unobservable = UNOBSERVABLE.keySet().stream()
                .filter(grant -> manageSecrets || !grant.resource().equals("secrets"))
                .collect(Collectors.toSet());
        assertThat(unused).as("granted but never used (only these may be, because: %s)", UNOBSERVABLE)
                .containsExactlyInAnyOrderElementsOf(unobservable);
        assertThat(rbac.grants()).noneMatch(grant -> grant.resource().equals("secrets") && !grant.verb().equals("create")
                && !grant.verb().equals("patch"));
    }

    /** Everything the admin's pages do: list, create, edit, plan an import, export, set a key, delete. */
    private static void exercise(ClusterStore store, boolean manageSecrets) {
        for (ObjectKind kind : ObjectKind.values()) {
            store.list(kind);
        }
        apply(store, ObjectKind.PROVIDERS, "local", """
                {"spec": {"protocol": "OpenAIChat", "baseUrl": "http://127.0.0.1:9/v1",
                          "apiKeys": [{"secretRef": {"name": "local-keys"}}]}}""", Precondition.CREATE);
        apply(store, ObjectKind.MODELS, "first", """
                {"spec": {"routes": [{"provider": "local", "model": "m1"}]}}""", Precondition.CREATE);
        apply(store, ObjectKind.GATEWAYS, "gateway", "{\"spec\": {}}", Precondition.CREATE);
        String version = store.get(ObjectKind.MODELS, "first").orElseThrow().version();
        apply(store, ObjectKind.MODELS, "first", """
                {"spec": {"routes": [{"provider": "local", "model": "m2"}]}}""", Precondition.ifMatch(version));
        ManifestBundles bundles = new ManifestBundles(store);
        assertThat(bundles.plan("config.yaml", "litellm", """
                model_list:
                  - model_name: quick
                    litellm_params: {model: openai/gpt-4o-mini, api_key: os.environ/OPENAI_API_KEY}
                """, false).applicable()).isTrue();
        bundles.yaml();
        bundles.bundle(false);
        store.problems();
        if (manageSecrets) {
            server.expect().patch().withPath("/api/v1/namespaces/" + NAMESPACE + "/secrets/local-keys"
                    + "?fieldManager=model-proxy-admin&force=true").andReply(200, request -> request.getBody().readUtf8()).once();
            store.setKey("local-keys", "key-1", "sk-test-admin-rbac-5e0");
        } else {
            assertThat(catchThrowableOfType(EditRefused.class,
                    () -> store.setKey("local-keys", "key-1", "sk-test-admin-rbac-5e0")).status()).isEqualTo(403);
        }
        for (ObjectKind kind : List.of(ObjectKind.GATEWAYS, ObjectKind.MODELS, ObjectKind.PROVIDERS)) {
            for (var object : store.list(kind)) {
                store.delete(kind, object.name(), Precondition.NONE);
            }
        }
    }

    /** One write through the store: its apply echoed, then the object created as the API server would. */
    private static void apply(ClusterStore store, ObjectKind kind, String name, String manifest, Precondition precondition) {
        server.expect().patch().withPath("/apis/modelproxy.io/v1alpha1/namespaces/" + NAMESPACE + "/"
                        + HasMetadata.getPlural(kind.type()) + "/" + name
                + "?fieldManager=model-proxy-admin&force=true").andReply(200, request -> request.getBody().readUtf8()).once();
        var written = store.put(kind, name, json(manifest), precondition, false);
        HasMetadata object = client.getKubernetesSerialization().convertValue(written.object().manifest(), kind.type());
        object.getMetadata().setResourceVersion(null);
        client.resource(object).inNamespace(NAMESPACE).createOr(NonDeletingOperation::update);
    }

    private static JsonNode json(String text) {
        try {
            return ManifestShape.JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
