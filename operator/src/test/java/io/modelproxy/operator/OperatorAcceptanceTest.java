package io.modelproxy.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.Operator;
import io.modelproxy.api.LogicalModel;
import io.modelproxy.api.LogicalModelSpec;
import io.modelproxy.api.ModelGateway;
import io.modelproxy.api.ModelGatewaySpec;
import io.modelproxy.api.Dialect;
import io.modelproxy.api.Provider;
import io.modelproxy.api.ProviderSpec;
import io.modelproxy.api.ResourceStatus;
import io.modelproxy.api.SecretKeyRef;
import io.modelproxy.api.SecretSource;
import io.modelproxy.config.CompileResult;
import io.modelproxy.config.ConfigCompiler;
import io.modelproxy.config.GatewayConfig;
import io.modelproxy.manifest.ManifestReader;
import io.modelproxy.operator.gateway.GatewayResources;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The operator against the fabric8 mock API server, fed the manifests of examples/kubernetes: what
 * it renders, how changes flow without restarts, and how a broken reference is reported while the
 * gateway keeps its last good config.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class OperatorAcceptanceTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String GATEWAY = "gateway";
    private static final Set<String> EXAMPLE_SECRETS = Set.of("anthropic-keys", "gateway-clients", "groq-keys", "openai-keys");

    static KubernetesClient client;

    private String namespace;
    private Operator operator;

    @BeforeAll
    static void installCrds() throws IOException {
        MockCluster.registerCrds(client);
    }

    @BeforeEach
    void applyExamples(TestInfo test) throws IOException {
        namespace = test.getTestMethod().orElseThrow().getName().toLowerCase().replaceAll("[^a-z0-9]", "");
        MockCluster.apply(client, MockCluster.EXAMPLES, namespace);
        // A Secret no Provider names: it must never be mounted.
        client.secrets().inNamespace(namespace).resource(new SecretBuilder()
                .withNewMetadata().withName("unrelated").endMetadata()
                .withStringData(Map.of("token", "REPLACE_ME")).build()).create();
        operator = MockCluster.startOperator(client, namespace);
    }

    @AfterEach
    void stopOperator() {
        operator.stop();
    }

    @Test
    void applyingTheExamplesRendersTheCompiledConfigTheSecretsAndTheService() throws IOException {
        // what `model-proxy compile examples/kubernetes` prints: the only ModelGateway of the directory
        CompileResult expected = ConfigCompiler.compile(new ManifestReader(Map.of()).read(MockCluster.EXAMPLES), null);
        assertThat(expected.problems()).as("the example is clean: no error, no warning").isEmpty();

        ConfigMap configMap = await().atMost(PATIENCE).until(() -> configMap(), c -> c != null);
        assertThat(configMap.getData()).containsOnlyKeys(GatewayResources.CONFIG_KEY);
        // the same config, but for where each object was read from (files there, namespace/Kind/name here)
        GatewayConfig rendered = GatewayConfig.fromJson(new ByteArrayInputStream(
                configMap.getData().get(GatewayResources.CONFIG_KEY).getBytes(StandardCharsets.UTF_8)));
        assertThat(rendered.gateway()).isEqualTo(expected.config().gateway());
        assertThat(rendered.providers()).isEqualTo(expected.config().providers());
        assertThat(rendered.models()).isEqualTo(expected.config().models());
        assertThat(rendered.source("LogicalModel", "gpt-4o").orElseThrow().file()).isEqualTo(namespace + "/LogicalModel/gpt-4o");
        assertOwnedByGateway(configMap);

        Deployment deployment = await().atMost(PATIENCE).until(() -> deployment(), d -> d != null);
        assertOwnedByGateway(deployment);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        PodTemplateSpec template = deployment.getSpec().getTemplate();
        assertThat(mountedSecrets(template)).isEqualTo(EXAMPLE_SECRETS);
        assertThat(secretMountPaths(template)).containsExactlyInAnyOrder(
                "/etc/model-proxy/secrets/anthropic-keys", "/etc/model-proxy/secrets/gateway-clients",
                "/etc/model-proxy/secrets/groq-keys", "/etc/model-proxy/secrets/openai-keys");
        assertThat(template.getMetadata().getAnnotations())
                .containsEntry(GatewayResources.SECRETS_HASH_ANNOTATION, GatewayResources.secretsHash(EXAMPLE_SECRETS));
        var container = template.getSpec().getContainers().getFirst();
        assertThat(container.getImage()).isEqualTo("registry.test/model-proxy-gateway:test");
        assertThat(container.getArgs()).containsExactly("serve",
                "--config", "/etc/model-proxy/config/gateway.json",
                "--secrets-dir", "/etc/model-proxy/secrets",
                "--host", "0.0.0.0");
        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");

        Service service = await().atMost(PATIENCE).until(() -> service(), s -> s != null);
        assertOwnedByGateway(service);
        assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getPort()).isEqualTo(80);
            assertThat(port.getTargetPort().getStrVal()).isEqualTo("http");
        });
        assertThat(service.getSpec().getSelector()).isEqualTo(deployment.getSpec().getSelector().getMatchLabels());

        PodDisruptionBudget pdb = await().atMost(PATIENCE).until(
                () -> client.policy().v1().podDisruptionBudget().inNamespace(namespace).withName(GATEWAY).get(), p -> p != null);
        assertOwnedByGateway(pdb);
        assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);

        await().atMost(PATIENCE).untilAsserted(() -> {
            ModelGateway gateway = gateway();
            assertThat(condition(gateway, "ResolvedRefs")).extracting(Condition::getStatus, Condition::getReason)
                    .containsExactly("True", "Resolved");
            assertThat(gateway.getStatus().getModels()).isEqualTo(3);
            assertThat(gateway.getStatus().getConfigHash()).isEqualTo(GatewayResources.configHash(configMap.getData()));
            assertThat(gateway.getStatus().getObservedGeneration()).isEqualTo(gateway.getMetadata().getGeneration());
            // the mock server runs no pods
            assertThat(condition(gateway, "Ready")).extracting(Condition::getStatus, Condition::getReason)
                    .containsExactly("False", "Unavailable");

            Provider groq = provider("groq");
            assertThat(groq.getStatus().getKeys()).isEqualTo(2);
            assertThat(condition(groq, "ResolvedRefs").getStatus()).isEqualTo("True");
            assertThat(condition(groq, "Ready").getStatus()).isEqualTo("True");
            assertThat(provider("anthropic").getStatus().getKeys()).isEqualTo(1);

            LogicalModel sonnet = model("claude-sonnet");
            assertThat(sonnet.getStatus().getRoutes()).isEqualTo(1);
            assertThat(condition(sonnet, "Ready")).extracting(Condition::getStatus, Condition::getReason)
                    .containsExactly("True", "Ready");
        });
        assertThat(events("Provider", "groq")).extracting(Event::getReason).contains("Resolved");
    }

    @Test
    void editingAModelRewritesTheConfigMapAndOnlyANewSecretRollsThePods() {
        ConfigMap before = await().atMost(PATIENCE).until(() -> configMap(), c -> c != null);
        PodTemplateSpec template = await().atMost(PATIENCE).until(() -> deployment(), d -> d != null).getSpec().getTemplate();

        // A key rotation changes a value, never the config: nothing is rendered anew.
        client.secrets().inNamespace(namespace).withName("groq-keys")
                .edit(secret -> new SecretBuilder(secret).addToStringData("key-1", "ROTATED").build());
        mergePatch(LogicalModel.class, "gpt-4o", """
                {"spec": {"aliases": ["gpt-4o-latest"], "timeoutSeconds": 45}}""");
        await().atMost(PATIENCE).untilAsserted(() -> {
            ConfigMap edited = configMap();
            assertThat(edited.getData().get(GatewayResources.CONFIG_KEY)).contains("gpt-4o-latest");
            // the status is written once the whole workflow ran, the Deployment included
            assertThat(gateway().getStatus().getConfigHash()).isEqualTo(GatewayResources.configHash(edited.getData()));
        });
        assertThat(configMap().getData()).isNotEqualTo(before.getData());
        assertThat(deployment().getSpec().getTemplate()).isEqualTo(template);

        // A Provider with a Secret of its own, and a route to it: the set of mounted Secrets changes.
        client.secrets().inNamespace(namespace).resource(new SecretBuilder()
                .withNewMetadata().withName("mistral-keys").endMetadata()
                .withStringData(Map.of("key-1", "REPLACE_ME")).build()).create();
        Provider mistral = new Provider();
        mistral.getMetadata().setName("mistral");
        mistral.setSpec(new ProviderSpec(Dialect.OpenAIChat, "https://api.mistral.ai/v1", null,
                List.of(new SecretSource(new SecretKeyRef("mistral-keys", null))),
                null, null, null, null, null, null, null, null, null, null));
        client.resource(mistral).inNamespace(namespace).create();
        mergePatch(LogicalModel.class, "llama-70b", """
                {"spec": {"routes": [{"provider": "groq", "model": "llama-3.3-70b-versatile"},
                                     {"provider": "mistral", "model": "mistral-large-latest"}]}}""");

        Set<String> withMistral = new TreeSet<>(EXAMPLE_SECRETS);
        withMistral.add("mistral-keys");
        await().atMost(PATIENCE).untilAsserted(() -> {
            PodTemplateSpec rolled = deployment().getSpec().getTemplate();
            assertThat(rolled.getMetadata().getAnnotations())
                    .containsEntry(GatewayResources.SECRETS_HASH_ANNOTATION, GatewayResources.secretsHash(withMistral));
            assertThat(mountedSecrets(rolled)).isEqualTo(withMistral);
        });
        assertThat(configMap().getData().get(GatewayResources.CONFIG_KEY)).contains("mistral-large-latest");
    }

    @Test
    void deletingAReferencedSecretIsReportedAndTheLastGoodConfigStays() {
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(condition(gateway(), "ResolvedRefs").getStatus()).isEqualTo("True"));
        String lastGood = configMap().getData().get(GatewayResources.CONFIG_KEY);
        PodTemplateSpec template = deployment().getSpec().getTemplate();

        client.secrets().inNamespace(namespace).withName("groq-keys").delete();

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(condition(provider("groq"), "ResolvedRefs"))
                    .extracting(Condition::getStatus, Condition::getReason).containsExactly("False", "SecretNotFound");
            assertThat(provider("groq").getStatus().getKeys()).isZero();
            LogicalModel llama = model("llama-70b");
            assertThat(condition(llama, "ResolvedRefs"))
                    .extracting(Condition::getStatus, Condition::getReason).containsExactly("False", "SecretNotFound");
            assertThat(condition(llama, "ResolvedRefs").getMessage()).contains("groq-keys");
            assertThat(condition(llama, "Ready").getStatus()).isEqualTo("False");
            assertThat(llama.getStatus().getRoutes()).isZero();
            ModelGateway gateway = gateway();
            assertThat(condition(gateway, "ResolvedRefs"))
                    .extracting(Condition::getStatus, Condition::getReason).containsExactly("False", "SecretNotFound");
            assertThat(condition(gateway, "ResolvedRefs").getMessage()).contains("Provider/groq", "serving generation 1");
            // Ready speaks of the pods only (the mock server runs none): the held-back Provider does not stop them serving
            assertThat(condition(gateway, "Ready").getReason()).isEqualTo("Unavailable");
            assertThat(condition(provider("groq"), "Ready").getMessage()).contains("serving generation 1");
        });
        // The status above is written after the dependents ran: the ConfigMap and pods were left as they were.
        assertThat(configMap().getData().get(GatewayResources.CONFIG_KEY)).isEqualTo(lastGood);
        assertThat(gateway().getStatus().getConfigHash()).isEqualTo(GatewayResources.configHash(configMap().getData()));
        assertThat(deployment().getSpec().getTemplate()).isEqualTo(template);
        assertThat(events("Provider", "groq")).filteredOn(e -> "Warning".equals(e.getType()))
                .extracting(Event::getReason).contains("SecretNotFound");
        // models that do not route to groq are unaffected
        assertThat(condition(model("claude-sonnet"), "ResolvedRefs").getStatus()).isEqualTo("True");
    }

    @Test
    void aDifficultyTargetThatDoesNotExistIsReportedInTheModelsStatus() {
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(condition(gateway(), "ResolvedRefs").getStatus()).isEqualTo("True"));

        mergePatch(LogicalModel.class, "gpt-4o", """
                {"spec": {"difficultyRouting": {"classifier": {"heuristic": {}},
                                                "targets": {"easy": "llama-70b", "hard": "gpt-5-ghost"}}}}""");

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(condition(model("gpt-4o"), "ResolvedRefs"))
                .extracting(Condition::getStatus, Condition::getReason, Condition::getMessage)
                .containsExactly("False", "FallbackNotFound", "LogicalModel/gpt-4o: spec.difficultyRouting.targets.hard:"
                        + " no LogicalModel has the name or alias gpt-5-ghost"));

        mergePatch(LogicalModel.class, "gpt-4o", """
                {"spec": {"difficultyRouting": null}}""");
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(condition(model("gpt-4o"), "ResolvedRefs").getStatus()).isEqualTo("True"));
    }

    @Test
    void aFallbackCycleIsReportedOnTheModelsAndTheGatewayUntilItIsBroken() {
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(condition(gateway(), "ResolvedRefs").getStatus()).isEqualTo("True"));
        String lastGood = configMap().getData().get(GatewayResources.CONFIG_KEY);

        // claude-sonnet -> gpt-4o -> llama-70b -> claude-sonnet
        mergePatch(LogicalModel.class, "llama-70b", """
                {"spec": {"fallbacks": ["claude-sonnet"]}}""");

        // every member reports the cycle; only the edit that closed it is held back
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(List.of("claude-sonnet", "gpt-4o", "llama-70b")).allSatisfy(name ->
                    assertThat(condition(model(name), "ResolvedRefs"))
                            .extracting(Condition::getStatus, Condition::getReason, Condition::getMessage)
                            .containsExactly("False", "FallbackCycle", "LogicalModel/" + name
                                    + ": spec.fallbacks: fallback cycle: claude-sonnet -> gpt-4o -> llama-70b -> claude-sonnet"));
            assertThat(condition(model("llama-70b"), "Ready"))
                    .extracting(Condition::getStatus, Condition::getReason).containsExactly("False", "FallbackCycle");
            assertThat(condition(model("llama-70b"), "Ready").getMessage()).contains("serving generation 1");
            assertThat(List.of("claude-sonnet", "gpt-4o"))
                    .allSatisfy(name -> assertThat(condition(model(name), "Ready").getStatus()).isEqualTo("True"));
            assertThat(condition(gateway(), "ResolvedRefs"))
                    .extracting(Condition::getStatus, Condition::getReason).containsExactly("False", "FallbackCycle");
            assertThat(condition(gateway(), "ResolvedRefs").getMessage()).contains("LogicalModel/llama-70b");
        });
        assertThat(configMap().getData().get(GatewayResources.CONFIG_KEY)).isEqualTo(lastGood);

        mergePatch(LogicalModel.class, "llama-70b", """
                {"spec": {"fallbacks": null}}""");

        // every model is told, not only the one edited
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(List.of("claude-sonnet", "gpt-4o", "llama-70b"))
                    .allSatisfy(name -> assertThat(condition(model(name), "ResolvedRefs").getStatus()).isEqualTo("True"));
            assertThat(condition(gateway(), "ResolvedRefs").getStatus()).isEqualTo("True");
        });
    }

    @Test
    void oneBrokenModelHoldsBackOnlyItselfWhileAnotherModelsEditReachesTheConfigMap() {
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(condition(gateway(), "ResolvedRefs").getStatus()).isEqualTo("True"));

        jsonPatch(LogicalModel.class, "claude-sonnet", """
                [{"op": "replace", "path": "/spec/routes/0/provider", "value": "anthropic-typo"}]""");
        mergePatch(LogicalModel.class, "gpt-4o", """
                {"spec": {"aliases": ["gpt-4o-team-b"]}}""");

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(configMap().getData().get(GatewayResources.CONFIG_KEY))
                    .contains("gpt-4o-team-b").doesNotContain("anthropic-typo");
            ModelGateway gateway = gateway();
            assertThat(condition(gateway, "ResolvedRefs"))
                    .extracting(Condition::getStatus, Condition::getReason).containsExactly("False", "ProviderNotFound");
            assertThat(condition(gateway, "ResolvedRefs").getMessage())
                    .contains("LogicalModel/claude-sonnet", "Provider anthropic-typo not found", "serving generation 1");
            assertThat(gateway.getStatus().getConfigHash()).isEqualTo(GatewayResources.configHash(configMap().getData()));
            assertThat(condition(model("claude-sonnet"), "Ready"))
                    .extracting(Condition::getStatus, Condition::getReason).containsExactly("False", "ProviderNotFound");
            // the README's worked example quotes this message
            assertThat(condition(model("claude-sonnet"), "Ready").getMessage()).isEqualTo("this version is held back,"
                    + " gateways are serving generation 1: LogicalModel/claude-sonnet: spec.routes[0].provider:"
                    + " Provider anthropic-typo not found");
            assertThat(condition(model("gpt-4o"), "Ready").getStatus()).isEqualTo("True");
        });
        // the held-back model keeps its last valid route
        assertThat(configMap().getData().get(GatewayResources.CONFIG_KEY)).contains("\"provider\" : \"anthropic\"");

        jsonPatch(LogicalModel.class, "claude-sonnet", """
                [{"op": "replace", "path": "/spec/routes/0/provider", "value": "anthropic"}]""");
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(condition(gateway(), "ResolvedRefs").getStatus())
                    .as(() -> condition(gateway(), "ResolvedRefs").getMessage()).isEqualTo("True");
            assertThat(condition(model("claude-sonnet"), "Ready").getStatus()).isEqualTo("True");
        });
    }

    @Test
    void withoutClientKeysTheGatewayRunsNoPodsAndSaysWhy() {
        await().atMost(PATIENCE).until(() -> client.policy().v1().podDisruptionBudget().inNamespace(namespace)
                .withName(GATEWAY).get(), pdb -> pdb != null);

        mergePatch(ModelGateway.class, GATEWAY, """
                {"spec": {"clientKeys": null}}""");

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(condition(gateway(), "Ready"))
                    .extracting(Condition::getStatus, Condition::getReason).containsExactly("False", "ClientKeysMissing");
            Deployment deployment = deployment();
            assertThat(deployment.getSpec().getReplicas()).isZero();
            assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getArgs())
                    .doesNotContain("--host");
            assertThat(mountedSecrets(deployment.getSpec().getTemplate())).doesNotContain("gateway-clients");
            // no replicas, nothing to protect from disruption
            assertThat(client.policy().v1().podDisruptionBudget().inNamespace(namespace).withName(GATEWAY).get()).isNull();
        });
        assertThat(condition(gateway(), "ResolvedRefs").getStatus()).isEqualTo("True");
    }

    @Test
    void aGatewayWhoseFirstConfigFailsDeploysNothingUntilItIsFixed() {
        LogicalModel orphan = new LogicalModel();
        orphan.getMetadata().setName("orphan");
        orphan.getMetadata().setLabels(Map.of("tier", "experimental"));
        orphan.setSpec(new LogicalModelSpec(null, null, null, null, null, null,
                List.of(new LogicalModelSpec.Route("nowhere", "some-model", null, null, null, null)), null, null, null, null, null));
        client.resource(orphan).inNamespace(namespace).create();
        // the gateway's first config must see the model: created together, an informer that has not yet
        // delivered the model would compile an empty config, deploy it and keep it as the last good one
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(condition(model("orphan"), "ResolvedRefs"))
                .extracting(Condition::getReason).isEqualTo("ProviderNotFound"));
        ModelGateway experimental = new ModelGateway();
        experimental.getMetadata().setName("experimental");
        experimental.setSpec(new ModelGatewaySpec(1, null, null, null,
                new LabelSelectorBuilder().addToMatchLabels("tier", "experimental").build(),
                new SecretSource(new SecretKeyRef("gateway-clients", null)), null, null, null, null, null, null, null, null, null));
        client.resource(experimental).inNamespace(namespace).create();

        await().atMost(PATIENCE).untilAsserted(() -> {
            ModelGateway gateway = client.resources(ModelGateway.class).inNamespace(namespace).withName("experimental").get();
            assertThat(condition(gateway, "ResolvedRefs"))
                    .extracting(Condition::getStatus, Condition::getReason).containsExactly("False", "ProviderNotFound");
            assertThat(condition(gateway, "Ready").getMessage()).contains("nothing is deployed").contains("nowhere");
            assertThat(condition(model("orphan"), "ResolvedRefs").getReason()).isEqualTo("ProviderNotFound");
        });
        assertThat(client.configMaps().inNamespace(namespace).withName("experimental-config").get()).isNull();
        assertThat(client.apps().deployments().inNamespace(namespace).withName("experimental").get()).isNull();

        Provider nowhere = new Provider();
        nowhere.getMetadata().setName("nowhere");
        nowhere.setSpec(new ProviderSpec(Dialect.OpenAIChat, "https://llm.internal/v1", null, null,
                null, null, null, null, null, null, null, null, null, null));
        client.resource(nowhere).inNamespace(namespace).create();

        await().atMost(PATIENCE).untilAsserted(() -> {
            ConfigMap configMap = client.configMaps().inNamespace(namespace).withName("experimental-config").get();
            assertThat(configMap).isNotNull();
            assertThat(configMap.getData().get(GatewayResources.CONFIG_KEY)).contains("\"orphan\"").doesNotContain("claude-sonnet");
            assertThat(client.apps().deployments().inNamespace(namespace).withName("experimental").get()).isNotNull();
            assertThat(condition(provider("nowhere"), "ResolvedRefs").getMessage()).contains("client's own credential");
        });
    }

    /** A spec edit as kubectl would send it: a merge patch, without the resourceVersion the operator's status patches keep moving. */
    private <T extends HasMetadata> void mergePatch(Class<T> type, String name, String patch) {
        client.resources(type).inNamespace(namespace).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    }

    /** An edit inside a list: the mock server merges lists on a merge patch, where the API server replaces them. */
    private <T extends HasMetadata> void jsonPatch(Class<T> type, String name, String patch) {
        client.resources(type).inNamespace(namespace).withName(name).patch(PatchContext.of(PatchType.JSON), patch);
    }

    private ConfigMap configMap() {
        return client.configMaps().inNamespace(namespace).withName(GatewayResources.configMapName(GATEWAY)).get();
    }

    private Deployment deployment() {
        return client.apps().deployments().inNamespace(namespace).withName(GATEWAY).get();
    }

    private Service service() {
        return client.services().inNamespace(namespace).withName(GATEWAY).get();
    }

    private ModelGateway gateway() {
        return client.resources(ModelGateway.class).inNamespace(namespace).withName(GATEWAY).get();
    }

    private Provider provider(String name) {
        return client.resources(Provider.class).inNamespace(namespace).withName(name).get();
    }

    private LogicalModel model(String name) {
        return client.resources(LogicalModel.class).inNamespace(namespace).withName(name).get();
    }

    private List<Event> events(String kind, String name) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> kind.equals(e.getInvolvedObject().getKind()) && name.equals(e.getInvolvedObject().getName()))
                .toList();
    }

    private static Condition condition(CustomResource<?, ? extends ResourceStatus> resource, String type) {
        assertThat(resource.getStatus()).as("status of %s", resource.getMetadata().getName()).isNotNull();
        return resource.getStatus().getConditions().stream()
                .filter(c -> c.getType().equals(type))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no condition " + type + " on " + resource.getMetadata().getName()));
    }

    private void assertOwnedByGateway(HasMetadata object) {
        assertThat(object.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getKind()).isEqualTo("ModelGateway");
            assertThat(owner.getName()).isEqualTo(GATEWAY);
            assertThat(owner.getController()).isTrue();
            assertThat(owner).extracting(OwnerReference::getUid).isEqualTo(gateway().getMetadata().getUid());
        });
    }

    private static Set<String> mountedSecrets(PodTemplateSpec template) {
        return template.getSpec().getVolumes().stream()
                .filter(v -> v.getSecret() != null)
                .map(Volume::getSecret)
                .map(s -> s.getSecretName())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<String> secretMountPaths(PodTemplateSpec template) {
        return template.getSpec().getContainers().getFirst().getVolumeMounts().stream()
                .map(VolumeMount::getMountPath)
                .filter(path -> path.startsWith(GatewayResources.SECRETS_DIR))
                .toList();
    }
}
