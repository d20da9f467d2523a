package io.modelproxy.operator.provider;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.modelproxy.api.Provider;
import io.modelproxy.api.ProviderStatus;
import io.modelproxy.config.ConfigCompiler;
import io.modelproxy.config.ObjectSource;
import io.modelproxy.operator.cluster.ServedConfigs;
import io.modelproxy.manifest.ManifestSet;
import io.modelproxy.manifest.Problem;
import io.modelproxy.operator.cluster.References;
import io.modelproxy.operator.cluster.Watches;
import io.modelproxy.operator.status.ConditionState;
import io.modelproxy.operator.status.StatusReporter;
import io.modelproxy.operator.status.Verdicts;
import java.util.List;
import java.util.Optional;

/**
 * Reports whether a Provider's key Secrets resolve ({@code ResolvedRefs}, {@code Ready}) and how
 * many keys they give ({@code status.keys}). Status only: gateways render their own config. When its
 * current version is invalid and a gateway still serves an earlier one, Ready says which generation.
 */
@ControllerConfiguration(name = "provider")
public final class ProviderReconciler implements Reconciler<Provider> {
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
        String name = provider.getMetadata().getName();
        ConfigCompiler.ProviderResult result = ConfigCompiler.compileProvider(ManifestSet.fromCluster(namespace,
                List.of(provider), List.of(), List.of(), Watches.cached(context, Secret.class, Watches.SECRETS, namespace)),
                name);
        List<Problem> problems = result.problems();
        int keys = result.config().map(config -> config.keys().size()).orElse(0);
        ConditionState resolved = Verdicts.resolvedRefs(problems, References.secrets(provider).isEmpty()
                ? "no apiKeys: the client's own credential is forwarded upstream"
                : keys + (keys == 1 ? " key resolved" : " keys resolved"));
        Optional<ObjectSource> served = resolved.status() ? Optional.empty()
                : ServedConfigs.serving(context.getClient(), namespace, Provider.KIND, name)
                        .flatMap(config -> config.source(Provider.KIND, name));
        ProviderStatus fresh = new ProviderStatus();
        fresh.setKeys(keys);
        return status.report(provider, fresh, List.of(ready(resolved, problems, served), resolved));
    }

    private static ConditionState ready(ConditionState resolved, List<Problem> problems, Optional<ObjectSource> served) {
        if (!resolved.status()) {
            return ConditionState.isFalse(ConditionState.READY, resolved.reason(), served
                    .map(s -> "this version is held back, gateways are serving " + s.version() + ": ")
                    .orElse("") + resolved.message());
        }
        // what is left are warnings, such as Secrets that hold no key: the Provider resolves but cannot serve
        return problems.stream()
                .findFirst()
                .map(warning -> ConditionState.isFalse(ConditionState.READY, warning.reason().name(),
                        Verdicts.describe(List.of(warning))))
                .orElseGet(() -> ConditionState.isTrue(ConditionState.READY, "Ready", "gateways can route to this Provider"));
    }
}
