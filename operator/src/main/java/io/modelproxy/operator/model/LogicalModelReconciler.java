package io.modelproxy.operator.model;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.modelproxy.api.LogicalModel;
import io.modelproxy.api.LogicalModelSpec;
import io.modelproxy.api.LogicalModelStatus;
import io.modelproxy.api.Provider;
import io.modelproxy.config.CompileResult;
import io.modelproxy.config.ConfigCompiler;
import io.modelproxy.config.HeldBack;
import io.modelproxy.operator.cluster.ServedConfigs;
import io.modelproxy.manifest.ManifestSet;
import io.modelproxy.manifest.Problem;
import io.modelproxy.operator.cluster.References;
import io.modelproxy.operator.cluster.Watches;
import io.modelproxy.operator.status.ConditionState;
import io.modelproxy.operator.status.StatusReporter;
import io.modelproxy.operator.status.Verdicts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reports whether a LogicalModel's references resolve: its Providers (and their key Secrets), its
 * fallbacks, its name among the namespace's models. Status only: gateways render their own config.
 *
 * <p>The model is judged as its gateways judge it, against the config a gateway of the namespace serves
 * it from: an invalid version is held back ({@code Ready=False}, "serving generation N"), while a model
 * that is still served with a problem around it (a member of a fallback cycle another edit closed, a route
 * whose Provider went away) stays Ready and says what is wrong in {@code ResolvedRefs}.
 */
@ControllerConfiguration(name = "logicalmodel")
public final class LogicalModelReconciler implements Reconciler<LogicalModel> {
    private final StatusReporter status;

    public LogicalModelReconciler(StatusReporter status) {
        this.status = status;
    }

    @Override
    public List<EventSource<?, LogicalModel>> prepareEventSources(EventSourceContext<LogicalModel> context) {
        InformerEventSource<Provider, LogicalModel> providers = Watches.providers(context, Watches.toEveryPrimary(context));
        // Another model's change can fix or break this one: a shared name, a fallback target, a cycle.
        var siblings = Watches.logicalModels(context, Watches.toPrimaries(context,
                (changed, model) -> !changed.getMetadata().getName().equals(model.getMetadata().getName())));
        var secrets = Watches.secrets(context, Watches.toEveryPrimaryIf(context, Watches.namedByAProvider(providers)));
        return List.of(providers, siblings, secrets);
    }

    @Override
    public UpdateControl<LogicalModel> reconcile(LogicalModel model, Context<LogicalModel> context) {
        String namespace = model.getMetadata().getNamespace();
        String name = model.getMetadata().getName();
        List<LogicalModel> models = Stream.concat(Stream.of(model),
                        Watches.cached(context, LogicalModel.class, Watches.LOGICAL_MODELS, namespace).stream()
                                .filter(other -> !other.getMetadata().getName().equals(name)))
                .toList();
        List<Provider> providers = Watches.cached(context, Provider.class, Watches.PROVIDERS, namespace);
        List<Secret> secrets = Watches.cached(context, Secret.class, Watches.SECRETS, namespace);
        // Every model of the namespace, as a gateway without a selector would serve them.
        CompileResult result = ConfigCompiler.accept(ManifestSet.fromCluster(namespace, providers, models, List.of(),
                secrets), null, ServedConfigs.serving(context.getClient(), namespace, LogicalModel.KIND, name).orElse(null));

        Set<String> routed = References.providers(model);
        List<Problem> problems = new ArrayList<>(about(result, LogicalModel.KIND, Set.of(name)));
        problems.addAll(about(result, Provider.KIND, routed));
        Set<String> existing = Set.copyOf(providers.stream().map(p -> p.getMetadata().getName()).toList());
        List<LogicalModelSpec.Route> declared = model.getSpec() == null || model.getSpec().routes() == null
                ? List.of() : model.getSpec().routes();
        int routes = (int) declared.stream()
                .filter(route -> existing.contains(route.provider())
                        && about(result, Provider.KIND, Set.of(route.provider())).isEmpty())
                .count();

        ConditionState resolved = Verdicts.resolvedRefs(problems, routes + " of " + declared.size() + " routes resolved");
        LogicalModelStatus fresh = new LogicalModelStatus();
        fresh.setRoutes(routes);
        Optional<HeldBack> held = result.heldBack(LogicalModel.KIND, name);
        return status.report(model, fresh, List.of(ready(resolved, held, problems, routes), resolved));
    }

    private static List<Problem> about(CompileResult result, String kind, Set<String> names) {
        return result.problems().stream()
                .filter(p -> kind.equals(p.kind()) && names.contains(p.name()))
                .toList();
    }

    private static ConditionState ready(ConditionState resolved, Optional<HeldBack> held, List<Problem> problems,
            int routes) {
        if (held.isPresent()) {
            return ConditionState.isFalse(ConditionState.READY, held.get().reason(),
                    "this version is held back, gateways are " + held.get().outcome() + ": " + resolved.message());
        }
        if (routes == 0) {
            return ConditionState.isFalse(ConditionState.READY, Problem.Reason.NoUsableRoute.name(),
                    problems.isEmpty() ? "no route can be used" : Verdicts.describe(problems));
        }
        return ConditionState.isTrue(ConditionState.READY, "Ready", "gateways can serve this model");
    }
}
