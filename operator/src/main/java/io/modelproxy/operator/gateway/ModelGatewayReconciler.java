package io.modelproxy.operator.gateway;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.modelproxy.api.LogicalModel;
import io.modelproxy.api.ModelGateway;
import io.modelproxy.api.ModelGatewayStatus;
import io.modelproxy.api.Provider;
import io.modelproxy.config.CompileResult;
import io.modelproxy.config.ConfigCompiler;
import io.modelproxy.config.GatewayConfig;
import io.modelproxy.manifest.ManifestSet;
import io.modelproxy.operator.cluster.References;
import io.modelproxy.operator.cluster.Watches;
import io.modelproxy.operator.status.ConditionState;
import io.modelproxy.operator.status.StatusReporter;
import io.modelproxy.operator.status.Verdicts;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiles a ModelGateway's LogicalModels and Providers into its ConfigMap and runs the gateway as
 * a Deployment (plus Service, and a PodDisruptionBudget above one replica).
 *
 * <p>The workflow runs after the compile, so the dependents render from its result. A config that
 * does not compile never replaces the ConfigMap: the dependents render from the last good config
 * read back from it, and the status says why nothing changed.
 */
@Workflow(explicitInvocation = true, dependents = {
        @Dependent(name = "config", type = ConfigMapDependent.class),
        @Dependent(name = "deployment", type = DeploymentDependent.class, dependsOn = "config"),
        @Dependent(name = "service", type = ServiceDependent.class),
        @Dependent(name = "pdb", type = PodDisruptionBudgetDependent.class, reconcilePrecondition = MultipleReplicas.class)})
@ControllerConfiguration(name = "modelgateway")
public final class ModelGatewayReconciler implements Reconciler<ModelGateway> {
    private static final Logger log = LoggerFactory.getLogger(ModelGatewayReconciler.class);
    private static final String RESOURCES = GatewayResources.class.getName();

    private final String image;
    private final StatusReporter status;

    public ModelGatewayReconciler(String image, StatusReporter status) {
        this.image = image;
        this.status = status;
    }

    /** The rendering of the reconciliation in progress, for the dependents' {@code desired()}. */
    static GatewayResources resources(Context<ModelGateway> context) {
        return context.managedWorkflowAndDependentResourceContext().getMandatory(RESOURCES, GatewayResources.class);
    }

    @Override
    public List<EventSource<?, ModelGateway>> prepareEventSources(EventSourceContext<ModelGateway> context) {
        InformerEventSource<Provider, ModelGateway> providers = Watches.providers(context, Watches.toEveryPrimary(context));
        Predicate<Secret> namedByAProvider = Watches.namedByAProvider(providers);
        var secrets = Watches.secrets(context, secret -> {
            String name = secret.getMetadata().getName();
            boolean providerKeys = namedByAProvider.test(secret);
            return context.getPrimaryCache()
                    .list(secret.getMetadata().getNamespace(),
                            gateway -> providerKeys || References.clientKeySecrets(gateway).contains(name))
                    .map(ResourceID::fromResource)
                    .collect(Collectors.toUnmodifiableSet());
        });
        // Selectors match labels, so any model of the namespace may concern any gateway of it.
        var models = Watches.logicalModels(context, Watches.toEveryPrimary(context));
        return List.of(providers, secrets, models);
    }

    @Override
    public UpdateControl<ModelGateway> reconcile(ModelGateway gateway, Context<ModelGateway> context) {
        String namespace = gateway.getMetadata().getNamespace();
        CompileResult result = ConfigCompiler.compile(ManifestSet.fromCluster(namespace,
                Watches.cached(context, Provider.class, Watches.PROVIDERS, namespace),
                Watches.cached(context, LogicalModel.class, Watches.LOGICAL_MODELS, namespace),
                List.of(gateway),
                Watches.cached(context, Secret.class, Watches.SECRETS, namespace)), gateway.getMetadata().getName());
        Optional<GatewayConfig> serving = result.gatewayConfig().or(() -> lastGood(context));

        GatewayResources resources = null;
        if (serving.isPresent()) {
            resources = new GatewayResources(gateway, serving.get(), image);
            context.managedWorkflowAndDependentResourceContext().put(RESOURCES, resources);
            context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
        }
        if (result.hasErrors()) {
            log.warn("config rejected namespace={} gateway={} reason={} servingLastGood={}", namespace,
                    gateway.getMetadata().getName(), result.errors().getFirst().reason(), serving.isPresent());
        }

        int readyReplicas = context.getSecondaryResource(Deployment.class)
                .map(d -> d.getStatus() == null || d.getStatus().getReadyReplicas() == null ? 0 : d.getStatus().getReadyReplicas())
                .orElse(0);
        ModelGatewayStatus fresh = new ModelGatewayStatus();
        fresh.setReadyReplicas(readyReplicas);
        serving.ifPresent(config -> {
            fresh.setModels(config.models().size());
            fresh.setConfigHash(GatewayResources.configHash(GatewayResources.configMapData(config)));
        });
        ConditionState resolved = Verdicts.resolvedRefs(result.problems(), result.gatewayConfig()
                .map(config -> config.models().size() + " models from " + config.providers().size() + " providers")
                .orElse(""));
        return status.report(gateway, fresh, List.of(ready(resolved, resources, readyReplicas), resolved));
    }

    /** The config in the ConfigMap now: what the gateway pods run, whatever the latest compile said. */
    private static Optional<GatewayConfig> lastGood(Context<ModelGateway> context) {
        return context.getSecondaryResource(ConfigMap.class)
                .map(configMap -> configMap.getData() == null ? null : configMap.getData().get(GatewayResources.CONFIG_KEY))
                .flatMap(json -> {
                    try {
                        return Optional.of(GatewayConfig.fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))));
                    } catch (IOException e) {
                        return Optional.empty();  // edited by hand beyond recognition: there is no last good config
                    }
                });
    }

    private static ConditionState ready(ConditionState resolved, GatewayResources resources, int readyReplicas) {
        if (!resolved.status()) {
            String serving = resources == null ? "nothing is deployed" : "the gateway keeps serving the last good config";
            return ConditionState.isFalse(ConditionState.READY, resolved.reason(),
                    "the config does not compile, " + serving + ": " + resolved.message());
        }
        if (!resources.clientKeysConfigured()) {
            return ConditionState.isFalse(ConditionState.READY, "ClientKeysMissing",
                    "spec.clientKeys is not set: the gateway only listens on loopback without client keys,"
                            + " so it runs 0 replicas; add a client-keys Secret to serve");
        }
        if (readyReplicas == 0) {
            return ConditionState.isFalse(ConditionState.READY, "Unavailable",
                    "0 of " + resources.replicas() + " gateway pods are ready");
        }
        return ConditionState.isTrue(ConditionState.READY, "Available",
                readyReplicas + " of " + resources.replicas() + " gateway pods are ready");
    }
}
