package io.modelproxy.operator.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.modelproxy.api.LogicalModel;
import io.modelproxy.api.Provider;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The informers a reconciler watches the objects it compiles from with, and the mappers that turn
 * a change of one of them into the primaries to reconcile (events, not polling). Informers watch
 * the reconciler's own namespaces.
 */
public final class Watches {
    public static final String LOGICAL_MODELS = "logicalmodels";
    public static final String PROVIDERS = "providers";
    public static final String SECRETS = "secrets";

    private Watches() {}

    public static <P extends HasMetadata> InformerEventSource<LogicalModel, P> logicalModels(
            EventSourceContext<P> context, SecondaryToPrimaryMapper<LogicalModel> mapper) {
        return new InformerEventSource<>(InformerEventSourceConfiguration
                .from(LogicalModel.class, context.getPrimaryResourceClass())
                .withName(LOGICAL_MODELS)
                .withSecondaryToPrimaryMapper(mapper)
                .withOnUpdateFilter(ChangeFilters::specOrLabelsChanged)
                .build(), context);
    }

    public static <P extends HasMetadata> InformerEventSource<Provider, P> providers(
            EventSourceContext<P> context, SecondaryToPrimaryMapper<Provider> mapper) {
        return new InformerEventSource<>(InformerEventSourceConfiguration
                .from(Provider.class, context.getPrimaryResourceClass())
                .withName(PROVIDERS)
                .withSecondaryToPrimaryMapper(mapper)
                .withOnUpdateFilter(ChangeFilters::specOrLabelsChanged)
                .build(), context);
    }

    public static <P extends HasMetadata> InformerEventSource<Secret, P> secrets(
            EventSourceContext<P> context, SecondaryToPrimaryMapper<Secret> mapper) {
        return new InformerEventSource<>(InformerEventSourceConfiguration
                .from(Secret.class, context.getPrimaryResourceClass())
                .withName(SECRETS)
                .withSecondaryToPrimaryMapper(mapper)
                .withOnUpdateFilter(ChangeFilters::secretKeysChanged)
                .build(), context);
    }

    /** Maps a changed object to every primary in its namespace that {@code uses} it. */
    public static <R extends HasMetadata, P extends HasMetadata> SecondaryToPrimaryMapper<R> toPrimaries(
            EventSourceContext<P> context, UsedBy<R, P> uses) {
        return changed -> context.getPrimaryCache()
                .list(changed.getMetadata().getNamespace(), primary -> uses.test(changed, primary))
                .map(ResourceID::fromResource)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Maps a changed object to every primary in its namespace. */
    public static <R extends HasMetadata, P extends HasMetadata> SecondaryToPrimaryMapper<R> toEveryPrimary(
            EventSourceContext<P> context) {
        return toEveryPrimaryIf(context, changed -> true);
    }

    /** Maps a changed object to every primary in its namespace when it {@code matters}, else to none. */
    public static <R extends HasMetadata, P extends HasMetadata> SecondaryToPrimaryMapper<R> toEveryPrimaryIf(
            EventSourceContext<P> context, Predicate<R> matters) {
        SecondaryToPrimaryMapper<R> every = toPrimaries(context, (changed, primary) -> true);
        return changed -> matters.test(changed) ? every.toPrimaryResourceIDs(changed) : Set.of();
    }

    /** Whether a Secret is named by any Provider cached by {@code providers} in its namespace. */
    public static Predicate<Secret> namedByAProvider(InformerEventSource<Provider, ?> providers) {
        return secret -> providers.list(secret.getMetadata().getNamespace(),
                        provider -> References.secrets(provider).contains(secret.getMetadata().getName()))
                .findAny()
                .isPresent();
    }

    /** The cached objects of one watched kind in a namespace, read through the reconciliation's context. */
    @SuppressWarnings("unchecked")
    public static <R extends HasMetadata> List<R> cached(Context<?> context, Class<R> type, String name, String namespace) {
        var source = (InformerEventSource<R, ?>) context.eventSourceRetriever().getEventSourceFor(type, name);
        return source.list(namespace, any -> true).toList();
    }

    /** Whether a changed secondary object matters to a primary. */
    @FunctionalInterface
    public interface UsedBy<R, P> {
        boolean test(R changed, P primary);
    }
}
