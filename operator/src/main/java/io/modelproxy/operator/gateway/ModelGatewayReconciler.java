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
import io.modelproxy.config.HeldBack;
import io.modelproxy.operator.cluster.ServedConfigs;
import io.modelproxy.manifest.ManifestSet;
import io.modelproxy.operator.cluster.References;
import io.modelproxy.operator.cluster.Watches;
import io.modelproxy.operator.status.ConditionState;
import io.modelproxy.operator.status.StatusReporter;
import io.modelproxy.operator.status.Verdicts;
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
 * <p>The workflow runs after the compile, so the dependents render from its result. The compile judges
 * each object against the config in the ConfigMap (the previous accepted one): an invalid object is held
 * back, keeping its last valid form, while every other object's edits reach the ConfigMap; the status
 * names the held-back objects ({@code ResolvedRefs=False}, reason {@value #OBJECTS_HELD_BACK}).
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
    public static final String OBJECTS_HELD_BACK = "ObjectsHeldBack";

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
        Optional<GatewayConfig> previous = context.getSecondaryResource(ConfigMap.class).flatMap(ServedConfigs::of);
        CompileResult result = ConfigCompiler.accept(ManifestSet.fromCluster(namespace,
                Watches.cached(context, Provider.class, Watches.PROVIDERS, namespace),
                Watches.cached(context, LogicalModel.class, Watches.LOGICAL_MODELS, namespace),
                List.of(gateway),
                Watches.cached(context, Secret.class, Watches.SECRETS, namespace)), gateway.getMetadata().getName(),
                previous.orElse(null));
        Optional<GatewayConfig> serving = result.gatewayConfig().or(() -> previous);

        GatewayResources resources = null;
        if (serving.isPresent()) {
            resources = new GatewayResources(gateway, serving.get(), image);
            context.managedWorkflowAndDependentResourceContext().put(RESOURCES, resources);
            context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
        }
        result.heldBack().forEach(held -> log.warn("held back namespace={} gateway={} object={} reason={} {}", namespace,
                gateway.getMetadata().getName(), held.id(), held.reason(), held.outcome()));

        int readyReplicas = context.getSecondaryResource(Deployment.class)
                .map(d -> d.getStatus() == null || d.getStatus().getReadyReplicas() == null ? 0 : d.getStatus().getReadyReplicas())
                .orElse(0);
        ModelGatewayStatus fresh = new ModelGatewayStatus();
        fresh.setReadyReplicas(readyReplicas);
        serving.ifPresent(config -> {
            fresh.setModels(config.models().size());
            fresh.setConfigHash(GatewayResources.configHash(GatewayResources.configMapData(config)));
        });
        return status.report(gateway, fresh, List.of(ready(resolved(result), resources, readyReplicas), resolved(result)));
    }

    /** True when every object this gateway serves is in its config as written; else the held-back objects, by kind and name. */
    private static ConditionState resolved(CompileResult result) {
        if (result.heldBack().isEmpty()) {
            return ConditionState.isTrue(ConditionState.RESOLVED_REFS, Verdicts.RESOLVED, result.gatewayConfig()
                    .map(config -> config.models().size() + " models from " + config.providers().size() + " providers")
                    .orElse(""));
        }
        String reason = result.heldBack().size() == 1 ? result.heldBack().getFirst().reason() : OBJECTS_HELD_BACK;
        return ConditionState.isFalse(ConditionState.RESOLVED_REFS, reason, result.heldBack().size()
                + (result.heldBack().size() == 1 ? " object is" : " objects are") + " held back"
                + (result.keptPrevious() ? " and nothing usable would remain, so the previous config is kept whole" : "")
                + ": " + result.heldBack().stream().map(HeldBack::describe).collect(Collectors.joining("; ")));
    }

    private static ConditionState ready(ConditionState resolved, GatewayResources resources, int readyReplicas) {
        if (resources == null) {
            return ConditionState.isFalse(ConditionState.READY, resolved.reason(),
                    "no config can be served yet, nothing is deployed: " + resolved.message());
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
