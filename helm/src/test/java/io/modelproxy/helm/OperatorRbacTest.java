package io.modelproxy.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.modelproxy.api.LogicalModel;
import io.modelproxy.api.ModelGateway;
import io.modelproxy.api.Provider;
import io.modelproxy.helm.ApiRequest.Grant;
import io.modelproxy.helm.Chart.ValueSet;
import io.modelproxy.operator.ModelProxyOperator;
import io.modelproxy.operator.OperatorSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The chart's RBAC against what the operator really does: the operator runs with the settings the
 * chart renders into its Deployment against the mock API server, through a client that records
 * every request, while the examples are applied, a gateway is scaled down and a model is edited.
 * Then every request must be allowed by the rendered Roles (in its namespace), and every verb the
 * chart grants must have been used, except the few listed in {@link #UNOBSERVABLE} with the reason.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class OperatorRbacTest {
    static KubernetesClient client;
    static KubernetesMockServer server;

    private static final Chart CHART = new Chart();
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Path EXAMPLES = Chart.REPOSITORY.resolve("examples/kubernetes");
    private static final String GATEWAY = "gateway";

    /** Granted, but no request shows it: why the chart grants each anyway. */
    private static final Map<Grant, String> UNOBSERVABLE = Map.of(
            new Grant("modelproxy.io", "modelgateways/finalizers", "update"),
            "the OwnerReferencesPermissionEnforcement admission plugin asks for it when the operator sets"
                    + " blockOwnerDeletion on what a ModelGateway owns; the mock server has no admission",
            new Grant("coordination.k8s.io", "leases", "update"),
            "java-operator-sdk refuses to start leader election without it (a SelfSubjectRulesReview, answered"
                    + " here from the chart's rules); fabric8's lease lock then sends patches");

    /** How the chart is installed. */
    enum Mode {
        CLUSTER_WIDE, NAMESPACED;

        String watched() {
            return "team-" + name().toLowerCase().replace('_', '-');
        }

        String release() {
            return "mp-" + name().toLowerCase().replace('_', '-');
        }

        Map<String, String> chartValues() {
            return this == NAMESPACED ? Map.of("watchNamespaces[0]", watched()) : Map.of();
        }
    }

    @BeforeAll
    static void installCrds() throws IOException {
        Chart.installCrds(client);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void theOperatorUsesExactlyWhatTheChartGrants(Mode mode) throws IOException {
        List<HasMetadata> rendered = CHART.render(ValueSet.DEFAULTS, mode.chartValues(), mode.release());
        Rbac rbac = Rbac.grantedTo(new SubjectBuilder().withKind("ServiceAccount").withName(Chart.OPERATOR)
                .withNamespace(mode.release()).build(), rendered);
        OperatorSettings settings = OperatorSettings.fromEnvironment(Chart.only(rendered, Deployment.class)
                .getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv().stream()
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue)));
        assertThat(settings.leaderElection()).isTrue();
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
                .andReply(201, request -> rulesReview(rbac, client.getKubernetesSerialization()
                        .unmarshal(request.getUtf8Body(), SelfSubjectRulesReview.class)))
                .once();
        String namespace = mode.watched();
        applyExamples(namespace);

        List<ApiRequest> requests = new CopyOnWriteArrayList<>();
        try (KubernetesClient recording = ApiRequest.recordingClient(client, requests)) {
            Operator operator = ModelProxyOperator.create(recording, settings, Metrics.NOOP);
            operator.start();
            try {
                exercise(namespace);
            } finally {
                operator.stop();
            }
        }

        assertThat(requests).isNotEmpty();
        assertThat(rbac.denied(requests)).as("requests the chart's RBAC would deny").isEmpty();
        Set<Grant> unused = rbac.unused(requests);
        assertThat(unused).as("granted but never used (only these may be, because: %s)", UNOBSERVABLE)
                .containsExactlyInAnyOrderElementsOf(UNOBSERVABLE.keySet());
    }

    /**
     * Everything the operator does to a gateway: create it all, put back a PodDisruptionBudget edited
     * by hand, scale down to one replica (the budget goes), follow an edited model.
     */
    private static void exercise(String namespace) {
        var gateways = client.resources(ModelGateway.class).inNamespace(namespace);
        await().atMost(PATIENCE).until(() -> client.policy().v1().podDisruptionBudget().inNamespace(namespace).withName(GATEWAY).get() != null);
        await().atMost(PATIENCE).until(() -> gateways.withName(GATEWAY).get().getStatus() != null
                && client.resources(Provider.class).inNamespace(namespace).list().getItems().stream().allMatch(p -> p.getStatus() != null)
                && client.resources(LogicalModel.class).inNamespace(namespace).list().getItems().stream().allMatch(m -> m.getStatus() != null)
                && !client.v1().events().inNamespace(namespace).list().getItems().isEmpty());

        var budgets = client.policy().v1().podDisruptionBudget().inNamespace(namespace);
        budgets.withName(GATEWAY).patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"minAvailable\":2}}");
        await().atMost(PATIENCE).until(() -> budgets.withName(GATEWAY).get().getSpec().getMinAvailable().getIntVal() == 1);

        gateways.withName(GATEWAY).patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":1,\"service\":{\"port\":8080}}}");
        client.resources(LogicalModel.class).inNamespace(namespace).withName("gpt-4o")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"aliases\":[\"gpt4\"]}}");
        await().atMost(PATIENCE).until(() -> {
            Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(GATEWAY).get();
            Service service = client.services().inNamespace(namespace).withName(GATEWAY).get();
            ConfigMap config = client.configMaps().inNamespace(namespace).withName(GATEWAY + "-config").get();
            PodDisruptionBudget budget = client.policy().v1().podDisruptionBudget().inNamespace(namespace).withName(GATEWAY).get();
            return deployment.getSpec().getReplicas() == 1
                    && service.getSpec().getPorts().getFirst().getPort() == 8080
                    && config.getData().get("gateway.json").contains("gpt4")
                    && budget == null;
        });
    }

    private static void applyExamples(String namespace) throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(EXAMPLES)) {
            files = listing.filter(file -> file.toString().endsWith(".yaml")).sorted().toList();
        }
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                for (HasMetadata object : client.load(in).items()) {
                    if (!(object instanceof Namespace)) {
                        object.getMetadata().setNamespace(namespace);
                        client.resource(object).create();
                    }
                }
            }
        }
        assertThat(client.resources(ModelGateway.class).inNamespace(namespace).withName(GATEWAY).get().getSpec().replicas())
                .as("the example runs more than one replica, so the operator creates a PodDisruptionBudget").isGreaterThan(1);
    }

    /** The API server's answer to "what may I do in this namespace", from the chart's rules. */
    private static SelfSubjectRulesReview rulesReview(Rbac rbac, SelfSubjectRulesReview review) {
        return new SelfSubjectRulesReviewBuilder(review)
                .withNewStatus()
                .withIncomplete(false)
                .withResourceRules(rbac.rulesIn(review.getSpec().getNamespace()).stream()
                        .map(rule -> new ResourceRuleBuilder()
                                .withApiGroups(rule.getApiGroups())
                                .withResources(rule.getResources())
                                .withResourceNames(rule.getResourceNames())
                                .withVerbs(rule.getVerbs())
                                .build())
                        .toList())
                .endStatus()
                .build();
    }
}
