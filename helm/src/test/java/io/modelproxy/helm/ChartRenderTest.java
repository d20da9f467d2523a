package io.modelproxy.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.modelproxy.api.ModelGateway;
import io.modelproxy.api.ModelGatewaySpec;
import io.modelproxy.helm.Chart.ValueSet;
import io.modelproxy.manifest.ManifestReader;
import io.modelproxy.manifest.ManifestSet;
import io.modelproxy.operator.OperatorSettings;
import io.modelproxy.operator.gateway.GatewayResources;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code helm template} for the defaults and every documented value set: each object is a valid
 * Kubernetes object (a model class knows all its fields) that the API server accepts (the fabric8
 * mock server, with the chart's CRDs and a ServiceMonitor CRD registered), and each set does what
 * its values say.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class ChartRenderTest {
    static KubernetesClient client;

    private static final Chart CHART = new Chart();
    private static final Subject OPERATOR_ACCOUNT = new SubjectBuilder()
            .withKind("ServiceAccount").withName(Chart.OPERATOR).withNamespace(Chart.NAMESPACE).build();

    private final List<HasMetadata> applied = new ArrayList<>();

    @BeforeAll
    static void installCrds() throws IOException {
        try (Stream<Path> files = Files.list(Chart.DIR.resolve("crds"))) {
            for (Path file : files.sorted().toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    client.apiextensions().v1().customResourceDefinitions().load(in).create();
                }
            }
        }
        client.apiextensions().v1().customResourceDefinitions().resource(monitorCrd("ServiceMonitor")).create();
        client.apiextensions().v1().customResourceDefinitions().resource(monitorCrd("PodMonitor")).create();
    }

    @AfterEach
    void deleteApplied() {
        applied.forEach(object -> client.resource(object).delete());
    }

    static Stream<ValueSet> valueSets() {
        return ValueSet.documented().stream();
    }

    @ParameterizedTest
    @MethodSource("valueSets")
    void everyRenderedObjectIsValidAndTheApiServerAcceptsIt(ValueSet values) {
        List<HasMetadata> objects = CHART.render(values);

        assertThat(objects).isNotEmpty();
        for (HasMetadata object : objects) {
            String id = object.getKind() + "/" + object.getMetadata().getName();
            assertThat(object.getApiVersion()).as(id).isNotBlank();
            assertThat(object.getMetadata().getName()).as(id).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
            if (object instanceof GenericKubernetesResource) {
                assertThat(object.getKind()).as("only kinds without a fabric8 model stay generic").isIn("ServiceMonitor", "PodMonitor");
            }
            assertThat(UnknownFields.of(object)).as("fields %s does not know", id).isEmpty();
            if (object instanceof Namespaced) {
                assertThat(object.getMetadata().getNamespace()).as("%s names its namespace, for helm template | kubectl apply", id)
                        .isNotBlank();
            }
        }
        for (HasMetadata object : objects) {
            applied.add(client.resource(object).create());
        }
        assertThat(applied).hasSameSizeAs(objects);
    }

    @ParameterizedTest
    @MethodSource("valueSets")
    void onlyTheOperatorsAndTheAdminsServiceAccountsAreGrantedAnything(ValueSet values) {
        List<HasMetadata> objects = CHART.render(values);
        boolean admin = Chart.ofKind(objects, Deployment.class).stream().anyMatch(d -> d.getMetadata().getName().equals(Chart.ADMIN));

        assertThat(Chart.ofKind(objects, ServiceAccount.class)).extracting(account -> account.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(admin ? List.of(Chart.OPERATOR, Chart.ADMIN) : List.of(Chart.OPERATOR));
        assertThat(Chart.named(objects, Deployment.class, Chart.OPERATOR).getSpec().getTemplate().getSpec().getServiceAccountName())
                .isEqualTo(Chart.OPERATOR);
        Chart.ofKind(objects, ClusterRoleBinding.class)
                .forEach(binding -> assertThat(binding.getSubjects()).containsExactly(OPERATOR_ACCOUNT));
        for (RoleBinding binding : Chart.ofKind(objects, RoleBinding.class)) {
            boolean adminRole = binding.getRoleRef().getName().equals(Chart.ADMIN);
            assertThat(binding.getSubjects()).singleElement().satisfies(subject -> assertThat(subject.getName())
                    .isEqualTo(adminRole ? Chart.ADMIN : Chart.OPERATOR));
        }
    }

    @Test
    void defaultsRunTheReleasedImagesClusterWideWithLeaderElection() {
        List<HasMetadata> objects = CHART.render(ValueSet.DEFAULTS);

        Deployment deployment = Chart.only(objects, Deployment.class);
        assertThat(deployment.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
        Container operator = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(operator.getImage()).isEqualTo("ghcr.io/model-proxy/operator:" + OperatorSettings.version());
        Map<String, String> env = env(operator);
        assertThat(OperatorSettings.fromEnvironment(env)).as("the settings the operator reads from the rendered env")
                .isEqualTo(new OperatorSettings(Set.of(), OperatorSettings.defaultGatewayImage(),
                        OperatorSettings.DEFAULT_HTTP_PORT, true, Chart.NAMESPACE));
        assertThat(env.get("JAVA_TOOL_OPTIONS")).startsWith("-Dorg.slf4j.simpleLogger.defaultLogLevel=info ");

        assertThat(operator.getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getName()).isEqualTo("http");
            assertThat(port.getContainerPort()).isEqualTo(OperatorSettings.DEFAULT_HTTP_PORT);
        });
        assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(operator.getResources().getLimits()).containsKey("memory");

        var pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(operator.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(operator.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(operator.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(operator.getVolumeMounts()).anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/tmp"));

        assertThat(Chart.ofKind(objects, ClusterRole.class)).singleElement()
                .satisfies(role -> assertThat(role.getMetadata().getName()).isEqualTo(Chart.OPERATOR));
        assertThat(Chart.ofKind(objects, Role.class)).singleElement().satisfies(role -> {
            assertThat(role.getMetadata().getName()).isEqualTo(Chart.OPERATOR + "-leader-election");
            assertThat(role.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
            assertThat(role.getRules()).anySatisfy(rule ->
                    assertThat(rule.getResourceNames()).containsExactly(OperatorSettings.LEASE_NAME));
        });
        Service metrics = Chart.only(objects, Service.class);
        assertThat(metrics.getSpec().getSelector()).isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        assertThat(metrics.getSpec().getPorts()).singleElement()
                .satisfies(port -> assertThat(port.getTargetPort().getStrVal()).isEqualTo("http"));
        assertThat(objects).noneMatch(object -> object instanceof ModelGateway || object.getKind().endsWith("Monitor"));
    }

    @Test
    void namespacedModeGrantsARolePerWatchedNamespaceAndNothingClusterWide() {
        List<HasMetadata> objects = CHART.render(ValueSet.named("namespaced"));

        assertThat(Chart.ofKind(objects, ClusterRole.class)).isEmpty();
        assertThat(Chart.ofKind(objects, ClusterRoleBinding.class)).isEmpty();
        assertThat(Chart.ofKind(objects, Role.class).stream()
                .filter(role -> role.getMetadata().getName().equals(Chart.OPERATOR))
                .map(role -> role.getMetadata().getNamespace()))
                .containsExactlyInAnyOrder("team-a", "team-b");
        assertThat(Chart.ofKind(objects, RoleBinding.class).stream()
                .map(binding -> binding.getMetadata().getNamespace() + "/" + binding.getRoleRef().getKind() + "/" + binding.getRoleRef().getName()))
                .containsExactlyInAnyOrder("team-a/Role/" + Chart.OPERATOR, "team-b/Role/" + Chart.OPERATOR,
                        Chart.NAMESPACE + "/Role/" + Chart.OPERATOR + "-leader-election");
        Container operator = Chart.only(objects, Deployment.class).getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(OperatorSettings.fromEnvironment(env(operator)).watchNamespaces()).containsExactlyInAnyOrder("team-a", "team-b");
    }

    @Test
    void theServiceMonitorScrapesTheOperatorsMetricsService() {
        List<HasMetadata> objects = CHART.render(ValueSet.named("service-monitor"));

        GenericKubernetesResource monitor = (GenericKubernetesResource) objects.stream()
                .filter(object -> object.getKind().equals("ServiceMonitor")).findFirst().orElseThrow();
        Service metrics = Chart.only(objects, Service.class);
        assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
        Map<String, String> selected = monitor.get("spec", "selector", "matchLabels");
        assertThat(selected).isEqualTo(metrics.getSpec().getSelector());
        assertThat(metrics.getMetadata().getLabels()).containsAllEntriesOf(selected);
        List<Map<String, Object>> endpoints = monitor.get("spec", "endpoints");
        assertThat(endpoints).singleElement().satisfies(endpoint -> {
            assertThat(endpoint).containsEntry("port", metrics.getSpec().getPorts().getFirst().getName())
                    .containsEntry("path", "/metrics")
                    .containsEntry("interval", "15s");
        });
    }

    @Test
    void thePodMonitorScrapesTheGatewayPodsTheOperatorRuns() {
        List<HasMetadata> objects = CHART.render(ValueSet.named("service-monitor"));

        GenericKubernetesResource monitor = (GenericKubernetesResource) objects.stream()
                .filter(object -> object.getKind().equals("PodMonitor")).findFirst().orElseThrow();
        assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
        Map<String, String> selected = monitor.get("spec", "selector", "matchLabels");
        assertThat(selected).containsExactly(Map.entry("app.kubernetes.io/name", "model-proxy-gateway"));
        List<Map<String, Object>> endpoints = monitor.get("spec", "podMetricsEndpoints");
        assertThat(endpoints).singleElement().satisfies(endpoint -> assertThat(endpoint)
                .containsEntry("port", GatewayResources.PORT_NAME).containsEntry("path", "/metrics"));
    }

    @Test
    void theDefaultGatewayIsAModelGatewayTheManifestReaderAccepts(@TempDir Path temp) throws IOException {
        String yaml = CHART.template(ValueSet.named("default-gateway"), Map.of());
        ModelGateway gateway = Chart.only(CHART.parse(yaml), ModelGateway.class);

        assertThat(gateway.getMetadata().getName()).isEqualTo("gateway");
        assertThat(gateway.getMetadata().getNamespace()).isEqualTo("llm");
        ModelGatewaySpec spec = gateway.getSpec();
        assertThat(spec.replicas()).isEqualTo(3);
        assertThat(spec.image()).as("no image: the operator's GATEWAY_IMAGE").isNull();
        assertThat(spec.clientKeys().secretRef().name()).isEqualTo("gateway-clients");
        assertThat(spec.modelSelector().getMatchLabels()).isEqualTo(Map.of("tier", "prod"));
        assertThat(spec.service()).isEqualTo(new ModelGatewaySpec.GatewayService(ModelGatewaySpec.ServiceType.LoadBalancer, 8080));
        assertThat(spec.rateLimits()).isEqualTo(new ModelGatewaySpec.RateLimits(600, 1_000_000,
                Map.of("ci-bot", new ModelGatewaySpec.Limit(60, null)), null));
        assertThat(spec.sharedState().redis()).isEqualTo(new ModelGatewaySpec.Redis("redis://redis-master.redis.svc:6379",
                new io.modelproxy.api.SecretKeyRef("redis", "redis-password"), null));
        assertThat(spec.cors().origins()).containsExactly("https://app.example.com");
        assertThat(spec.resources().getRequests()).containsKeys("cpu", "memory");

        // strictly, as kubectl apply against the CRD would: unknown fields and wrong types are errors
        Path file = temp.resolve("rendered.yaml");
        Files.writeString(file, yaml);
        ManifestSet read = new ManifestReader(Map.of()).read(file);
        assertThat(read.problems()).isEmpty();
        assertThat(read.gateways()).hasSize(1);
    }

    @Test
    void customImagesReachTheOperatorAndItsGatewayImage() {
        List<HasMetadata> objects = CHART.render(ValueSet.named("custom-images"));

        Deployment deployment = Chart.only(objects, Deployment.class);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        var pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getImagePullSecrets()).singleElement()
                .satisfies(secret -> assertThat(secret.getName()).isEqualTo("registry-credentials"));
        Container operator = pod.getContainers().getFirst();
        assertThat(operator.getImage()).isEqualTo("registry.example.com:5000/mirror/model-proxy-operator:1.2.3");
        assertThat(operator.getImagePullPolicy()).isEqualTo("Always");
        Map<String, String> env = env(operator);
        assertThat(env).containsEntry("GATEWAY_IMAGE", "registry.example.com:5000/mirror/model-proxy-gateway:1.2.3")
                .containsEntry("LEADER_ELECTION", "true");
        assertThat(env.get("JAVA_TOOL_OPTIONS")).contains("-Dorg.slf4j.simpleLogger.defaultLogLevel=debug");
    }

    @Test
    void withoutLeaderElectionThereIsNoLeaseAccessAndOnlyOneReplica() {
        List<HasMetadata> objects = CHART.render(ValueSet.DEFAULTS, Map.of("operator.leaderElection", "false"));

        assertThat(Chart.ofKind(objects, Role.class)).isEmpty();
        assertThat(Chart.ofKind(objects, RoleBinding.class)).isEmpty();
        assertThat(env(Chart.only(objects, Deployment.class).getSpec().getTemplate().getSpec().getContainers().getFirst()))
                .containsEntry("LEADER_ELECTION", "false")
                .doesNotContainKey("LEASE_NAMESPACE");

        assertThatThrownBy(() -> CHART.template(ValueSet.DEFAULTS, Map.of("operator.leaderElection", "false", "operator.replicas", "2")))
                .hasMessageContaining("operator.replicas above 1 needs operator.leaderElection: true");
    }

    @Test
    void aDefaultGatewayOutsideTheWatchedNamespacesIsRefused() {
        assertThatThrownBy(() -> CHART.template(ValueSet.named("default-gateway"), Map.of("defaultGateway.namespace", "elsewhere")))
                .hasMessageContaining("defaultGateway.namespace elsewhere is not watched: add it to watchNamespaces (llm)");
    }

    @Test
    void withoutRbacCreationTheChartGrantsNothing() {
        List<HasMetadata> objects = CHART.render(ValueSet.DEFAULTS,
                Map.of("rbac.create", "false", "operator.serviceAccount.create", "false", "operator.serviceAccount.name", "existing"));

        assertThat(objects).noneMatch(object -> object.getApiVersion().startsWith("rbac.authorization.k8s.io/"));
        assertThat(Chart.ofKind(objects, ServiceAccount.class)).isEmpty();
        assertThat(Chart.only(objects, Deployment.class).getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("existing");
    }

    @Test
    void theNotesSayHowToReachTheGateway() {
        assertThat(CHART.notes(ValueSet.named("default-gateway"))).contains(
                "serves these namespaces: llm.",
                "kubectl -n llm create secret generic gateway-clients",
                "Inside the cluster it answers at http://gateway.llm.svc:8080.",
                "kubectl -n llm port-forward service/gateway 9876:8080",
                "ANTHROPIC_BASE_URL=http://127.0.0.1:9876 ANTHROPIC_AUTH_TOKEN=$MODEL_PROXY_KEY claude",
                "OPENAI_BASE_URL=http://127.0.0.1:9876/v1");
        assertThat(CHART.notes(ValueSet.DEFAULTS)).contains(
                "serves every namespace.",
                "kubectl -n " + Chart.NAMESPACE + " rollout status deployment/" + Chart.OPERATOR,
                "kubectl apply -f examples/kubernetes/",
                "http://<gateway>.<namespace>.svc/v1");
    }

    @Test
    void theAdminRunsModelProxyAdminOverItsNamespaceWithItsCredentialFromASecret() {
        List<HasMetadata> objects = CHART.render(ValueSet.named("admin"));

        Deployment deployment = Chart.named(objects, Deployment.class, Chart.ADMIN);
        assertThat(deployment.getMetadata().getNamespace()).isEqualTo("llm");
        var pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getServiceAccountName()).isEqualTo(Chart.ADMIN);
        Container admin = pod.getContainers().getFirst();
        assertThat(admin.getImage()).isEqualTo("ghcr.io/model-proxy/gateway:" + OperatorSettings.version());
        assertThat(admin.getArgs()).containsExactly("admin", "--namespace", "llm", "--manage-secrets",
                "--gateway-url", "http://gateway.llm.svc");
        assertThat(admin.getEnv()).anySatisfy(env -> {
            assertThat(env.getName()).isEqualTo("ADMIN_API_KEY");
            assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo("llm-admin");
            assertThat(env.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("key");
        });
        assertThat(admin.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/setup/");
        assertThat(admin.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        Service service = Chart.named(objects, Service.class, Chart.ADMIN);
        assertThat(service.getSpec().getSelector()).isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        assertThat(service.getSpec().getPorts()).singleElement()
                .satisfies(port -> assertThat(port.getTargetPort().getStrVal()).isEqualTo(admin.getPorts().getFirst().getName()));
        assertThat(Chart.named(objects, Role.class, Chart.ADMIN).getRules()).anySatisfy(rule ->
                assertThat(rule.getResources()).containsExactly("secrets"));
        assertThat(Chart.named(CHART.render(ValueSet.named("admin"), Map.of("admin.manageSecrets", "false")), Role.class,
                Chart.ADMIN).getRules()).noneMatch(rule -> rule.getResources().contains("secrets"));

        assertThat(CHART.notes(ValueSet.named("admin"))).contains(
                "kubectl -n llm create secret generic llm-admin --from-literal=key=",
                "kubectl -n llm port-forward service/model-proxy-admin 9877:80",
                "http://127.0.0.1:9877/setup/");
        assertThat(CHART.render(ValueSet.DEFAULTS)).noneMatch(object -> object.getMetadata().getName().equals(Chart.ADMIN));
        assertThatThrownBy(() -> CHART.template(ValueSet.named("admin"), Map.of("admin.namespace", "elsewhere")))
                .hasMessageContaining("admin.namespace elsewhere is not watched: add it to watchNamespaces (llm)");
    }

    @Test
    void unknownFieldsAreFoundWhereTheyAre() {
        HasMetadata misspelt = CHART.parse("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  template:
                    spec:
                      containers:
                        - name: x
                          securityContex: {runAsNonRoot: true}
                """).getFirst();

        assertThat(UnknownFields.of(misspelt)).containsExactly("spec.template.spec.containers[0].securityContex");
    }

    private static Map<String, String> env(Container container) {
        return container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    /** Just enough of a Prometheus Operator CRD (ServiceMonitor, PodMonitor) for the API server to store its objects. */
    private static CustomResourceDefinition monitorCrd(String kind) {
        String singular = kind.toLowerCase(java.util.Locale.ROOT);
        return new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName(singular + "s.monitoring.coreos.com").endMetadata()
                .withNewSpec()
                .withGroup("monitoring.coreos.com")
                .withScope("Namespaced")
                .withNewNames().withKind(kind).withPlural(singular + "s").withSingular(singular).endNames()
                .addNewVersion().withName("v1").withServed(true).withStorage(true)
                .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
                .endOpenAPIV3Schema().endSchema()
                .endVersion()
                .endSpec()
                .build();
    }
}
