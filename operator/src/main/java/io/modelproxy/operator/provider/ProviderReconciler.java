package io.modelproxy.operator.provider;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.modelproxy.api.LogicalModel;
import io.modelproxy.api.LogicalModelSpec;
import io.modelproxy.api.Provider;
import io.modelproxy.api.ProviderStatus;
import io.modelproxy.config.CompileResult;
import io.modelproxy.config.ConfigCompiler;
import io.modelproxy.manifest.ManifestSet;
import io.modelproxy.manifest.Problem;
import io.modelproxy.operator.cluster.References;
import io.modelproxy.operator.cluster.Watches;
import io.modelproxy.operator.status.ConditionState;
import io.modelproxy.operator.status.StatusReporter;
import io.modelproxy.operator.status.Verdicts;
import java.util.List;

/**
 * Reports whether a Provider's key Secrets resolve ({@code ResolvedRefs}, {@code Ready}) and how
 * many keys they give ({@code status.keys}). Status only: gateways render their own config.
 */
@ControllerConfiguration(name = "provider")
public final class ProviderReconciler implements Reconciler<Provider> {
    /** Name of the model the check routes to the Provider; it lives only in the check's own manifest set. */
    private static final String PROBE_MODEL = "provider-check";

    private final StatusReporter status;

    public ProviderReconciler(StatusReporter status) {
        this.status = status;
    }

    @Override
    public List<EventSource<?, Provider>> prepareEventSources(EventSourceContext<Provider> context) {
        return List.of(Watches.secrets(context, Watches.toPrimaries(context,
                (secret, provider) -> References.secrets(provider).contains(secret.getMetadata().getName()))));
    }

    @Override
    public UpdateControl<Provider> reconcile(Provider provider, Context<Provider> context) {
        String namespace = provider.getMetadata().getNamespace();
        CompileResult result = check(provider, Watches.cached(context, Secret.class, Watches.SECRETS, namespace));
        List<Problem> problems = result.problems().stream()
                .filter(p -> Provider.KIND.equals(p.kind()) && provider.getMetadata().getName().equals(p.name()))
                .toList();
        int keys = result.gatewayConfig().stream()
                .flatMap(config -> config.providers().stream())
                .mapToInt(config -> config.keys().size())
                .sum();
        ConditionState resolved = Verdicts.resolvedRefs(problems, References.secrets(provider).isEmpty()
                ? "no apiKeys: the client's own credential is forwarded upstream"
                : keys + (keys == 1 ? " key resolved" : " keys resolved"));
        ProviderStatus fresh = new ProviderStatus();
        fresh.setKeys(keys);
        return status.report(provider, fresh, List.of(ready(resolved, problems), resolved));
    }

    /**
     * Compiles the Provider the way a gateway would that routes one model to it: the compiler only
     * resolves Providers that some model uses, and a Provider's status must not depend on whether one does.
     */
    static CompileResult check(Provider provider, List<Secret> secrets) {
        LogicalModel probe = new LogicalModel();
        probe.getMetadata().setName(PROBE_MODEL);
        probe.getMetadata().setNamespace(provider.getMetadata().getNamespace());
        probe.setSpec(new LogicalModelSpec(null, null, null, null, null, null,
                List.of(new LogicalModelSpec.Route(provider.getMetadata().getName(), PROBE_MODEL, null, null, null, null)),
                null, null, null));
        return ConfigCompiler.compile(ManifestSet.fromCluster(provider.getMetadata().getNamespace(),
                List.of(provider), List.of(probe), List.of(), secrets), null);
    }

    private static ConditionState ready(ConditionState resolved, List<Problem> problems) {
        if (!resolved.status()) {
            return resolved.as(ConditionState.READY);
        }
        // what is left are warnings, such as Secrets that hold no key: the Provider resolves but cannot serve
        return problems.stream()
                .findFirst()
                .map(warning -> ConditionState.isFalse(ConditionState.READY, warning.reason().name(),
                        Verdicts.describe(List.of(warning))))
                .orElseGet(() -> ConditionState.isTrue(ConditionState.READY, "Ready", "gateways can route to this Provider"));
    }
}
