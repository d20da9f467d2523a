package io.modelproxy.admin.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.modelproxy.admin.bundle.ManifestBundles;
import io.modelproxy.admin.store.EditRefused;
import io.modelproxy.admin.store.ManifestShape;
import io.modelproxy.admin.store.ManifestStore;
import io.modelproxy.admin.store.ObjectKind;
import io.modelproxy.admin.store.Precondition;
import io.modelproxy.admin.store.StoredObject;
import io.modelproxy.api.Dialect;
import io.modelproxy.api.Provider;
import io.modelproxy.api.ProviderSpec;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster store on the fabric8 mock server in CRUD mode (reads, deletes, refusals). The mock server
 * cannot serve apply patches (STACK.md: 404/415), so the apply itself is answered by an expectation
 * that echoes the patch, and the test asserts the request the store sent: a PATCH of content type
 * {@code application/apply-patch+yaml} with {@code fieldManager=model-proxy-admin} and {@code force=true}.
 * What the real API server does with it (field ownership, resourceVersion preconditions) is not covered.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class ClusterStoreTest {
    static final String NS = "team-a";
    static final String PROVIDERS = "/apis/modelproxy.io/v1alpha1/namespaces/" + NS + "/providers";
    KubernetesClient client;
    KubernetesMockServer server;
    ClusterStore store;

    @BeforeEach
    void store() {
        store = new ClusterStore(client, NS, true);
    }

    @Test
    void readsObjectsWithTheirResourceVersionAndStatus() {
        client.resource(provider("openai", Map.of())).inNamespace(NS).create();
        assertThat(store.list(ObjectKind.PROVIDERS)).singleElement().satisfies(object -> {
            assertThat(object.name()).isEqualTo("openai");
            assertThat(object.version()).isNotBlank();
            assertThat(object.source()).isEqualTo(NS + "/Provider/openai");
            assertThat(object.readOnly()).isNull();
        });
        assertThat(store.get(ObjectKind.PROVIDERS, "nope")).isEmpty();
    }

    @Test
    void writesWithServerSideApplyAndItsFieldManager() throws Exception {
        AtomicReference<String> body = new AtomicReference<>();
        server.expect().patch().withPath(PROVIDERS + "/groq?fieldManager=model-proxy-admin&force=true")
                .andReply(200, request -> {
                    body.set(request.getBody().readUtf8());  // reading consumes it: keep it for the assertions
                    return body.get();
                }).once();
        int before = server.getRequestCount();
        JsonNode manifest = ManifestShape.JSON.readTree("""
                {"spec": {"protocol": "OpenAIChat", "baseUrl": "https://api.groq.com/openai/v1",
                          "apiKeys": [{"secretRef": {"name": "groq-keys"}}]}}""");

        ManifestStore.Written written = store.put(ObjectKind.PROVIDERS, "groq", manifest, Precondition.CREATE, false);

        assertThat(written.changed()).isTrue();
        RecordedRequest patch = lastRequest(before, "PATCH");
        assertThat(patch.getHeader("Content-Type")).startsWith("application/apply-patch+yaml");
        assertThat(patch.getPath()).contains("fieldManager=model-proxy-admin").contains("force=true");
        JsonNode applied = ManifestShape.YAML.readTree(body.get());
        assertThat(applied.path("metadata").path("namespace").asText()).isEqualTo(NS);
        assertThat(applied.path("spec").path("baseUrl").asText()).isEqualTo("https://api.groq.com/openai/v1");
        assertThat(applied.has("status")).isFalse();
        assertThat(written.object().manifest().path("spec").path("protocol").asText()).isEqualTo("OpenAIChat");
    }

    @Test
    void aStaleVersionIsRefusedBeforeAnythingIsSent() {
        client.resource(provider("openai", Map.of())).inNamespace(NS).create();
        String version = store.get(ObjectKind.PROVIDERS, "openai").orElseThrow().version();
        client.resource(provider("openai", Map.of())).inNamespace(NS).edit(p -> {
            p.getMetadata().setAnnotations(Map.of("touched", "yes"));
            return p;
        });
        assertThatThrownBy(() -> store.put(ObjectKind.PROVIDERS, "openai", manifestOf("https://x.example/v1"),
                Precondition.ifMatch(version), false))
                .isInstanceOfSatisfying(EditRefused.class, e -> assertThat(e.status()).isEqualTo(409));
    }

    @Test
    void gitOpsManagedObjectsAreReadOnlyWithTheReason() {
        client.resource(provider("argo", Map.of("app.kubernetes.io/instance", "llm"))).inNamespace(NS).create();
        client.resource(provider("flux", Map.of("kustomize.toolkit.fluxcd.io/name", "apps"))).inNamespace(NS).create();
        client.resource(provider("helm", Map.of("app.kubernetes.io/managed-by", "Helm"))).inNamespace(NS).create();
        client.resource(provider("ours", Map.of("app.kubernetes.io/managed-by", "model-proxy-admin"))).inNamespace(NS).create();

        assertThat(store.get(ObjectKind.PROVIDERS, "argo").map(StoredObject::readOnly).orElseThrow()).contains("Argo CD");
        assertThat(store.get(ObjectKind.PROVIDERS, "ours").map(StoredObject::readOnly)).isEmpty();
        for (String name : new String[] {"argo", "flux", "helm"}) {
            assertThatThrownBy(() -> store.put(ObjectKind.PROVIDERS, name, manifestOf("https://x.example/v1"),
                    Precondition.NONE, false))
                    .isInstanceOfSatisfying(EditRefused.class, e -> {
                        assertThat(e.status()).isEqualTo(409);
                        assertThat(e.getMessage()).contains("read-only").containsAnyOf("Argo CD", "Flux", "Helm");
                    });
            assertThatThrownBy(() -> store.delete(ObjectKind.PROVIDERS, name, Precondition.NONE))
                    .isInstanceOfSatisfying(EditRefused.class, e -> assertThat(e.status()).isEqualTo(409));
        }
        assertThat(client.resources(Provider.class).inNamespace(NS).list().getItems()).hasSize(4);
    }

    @Test
    void deletesAnEditableObjectAndAnswers404AfterwardsAndRefusesBrokenRoutes() throws Exception {
        client.resource(provider("openai", Map.of())).inNamespace(NS).create();
        store.delete(ObjectKind.PROVIDERS, "openai", Precondition.NONE);
        assertThat(client.resources(Provider.class).inNamespace(NS).withName("openai").get()).isNull();
        assertThatThrownBy(() -> store.delete(ObjectKind.PROVIDERS, "openai", Precondition.NONE))
                .isInstanceOfSatisfying(EditRefused.class, e -> assertThat(e.status()).isEqualTo(404));

        int before = server.getRequestCount();
        JsonNode model = ManifestShape.JSON.readTree("{\"spec\": {\"routes\": [{\"provider\": \"missing\", \"model\": \"m\"}]}}");
        assertThatThrownBy(() -> store.put(ObjectKind.MODELS, "fast", model, Precondition.NONE, false))
                .isInstanceOfSatisfying(EditRefused.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("Provider missing not found");
                });
        assertThat(requestsSince(before)).noneMatch(r -> r.getMethod().equals("PATCH"));
    }

    @Test
    void keysAreSetByApplyOnlyWhenTheAdminManagesSecrets() throws Exception {
        server.expect().patch().withPath("/api/v1/namespaces/" + NS + "/secrets/groq-keys?fieldManager=model-proxy-admin&force=true")
                .andReply(200, request -> request.getBody().readUtf8()).once();
        int before = server.getRequestCount();
        assertThat(store.setKey("groq-keys", "key-2", "sk-test-cluster-key-9")).startsWith("sha256:");
        RecordedRequest patch = lastRequest(before, "PATCH");
        assertThat(patch.getHeader("Content-Type")).startsWith("application/apply-patch+yaml");

        ClusterStore readOnlySecrets = new ClusterStore(client, NS, false);
        assertThatThrownBy(() -> readOnlySecrets.setKey("groq-keys", "key-3", "sk-test-x"))
                .isInstanceOfSatisfying(EditRefused.class, e -> assertThat(e.status()).isEqualTo(403));
    }

    @Test
    void anImportIsPlannedAgainstTheNamespaceAndItsVariableKeysAreLeftToTheUser() throws Exception {
        client.resource(provider("openai", Map.of())).inNamespace(NS).create();
        int before = server.getRequestCount();
        ManifestBundles.Import plan = new ManifestBundles(store).plan("config.yaml", "auto", """
                model_list:
                  - model_name: quick
                    litellm_params: {model: openai/gpt-4o-mini, api_key: os.environ/OPENAI_API_KEY}
                """, false);

        assertThat(plan.applicable()).as("%s", plan.problems()).isTrue();
        assertThat(plan.objects()).extracting(o -> o.kind().kind() + "/" + o.name() + "=" + o.action())
                .contains("Provider/openai=changed", "LogicalModel/quick=added");
        assertThat(plan.keys()).singleElement().satisfies(key -> {
            assertThat(key.variable()).isEqualTo("OPENAI_API_KEY");
            assertThat(key.action()).as("a Secret in a cluster holds values, not variables")
                    .isEqualTo(ManifestBundles.KeyAction.TO_SET);
        });
        assertThat(requestsSince(before)).noneMatch(r -> r.getMethod().equals("PATCH"));
        assertThat(new ManifestBundles(store).yaml()).contains("name: openai", "namespace: " + NS)
                .doesNotContain("status:");
    }

    private RecordedRequest lastRequest(int before, String method) throws InterruptedException {
        return requestsSince(before).stream().filter(r -> r.getMethod().equals(method)).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no " + method + " request"));
    }

    /** The requests this test's mock server received (each test has its own), from the first. */
    private java.util.List<RecordedRequest> requestsSince(int ignored) throws InterruptedException {
        java.util.List<RecordedRequest> requests = new java.util.ArrayList<>();
        RecordedRequest request;
        while ((request = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
            requests.add(request);
        }
        return requests;
    }

    private static JsonNode manifestOf(String baseUrl) {
        return ManifestShape.JSON.createObjectNode().set("spec", ManifestShape.JSON.createObjectNode()
                .put("protocol", "OpenAIChat").put("baseUrl", baseUrl));
    }

    private static Provider provider(String name, Map<String, String> labels) {
        Provider provider = new Provider();
        provider.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).withLabels(labels).build());
        provider.setSpec(new ProviderSpec(Dialect.OpenAIChat, "https://api.example.com/v1", null, null, null, null,
                null, null, null, null, null, null, null, null));
        return provider;
    }
}
