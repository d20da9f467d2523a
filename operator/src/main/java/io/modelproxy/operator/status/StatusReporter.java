package io.modelproxy.operator.status;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.modelproxy.api.ResourceStatus;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Writes a reconciler's conclusions into a resource's status: {@code observedGeneration}, the
 * conditions (with honest transition times), one Event per changed condition, and a status patch
 * only when something actually changed.
 */
public final class StatusReporter {
    private final EventRecorder events;
    private final Clock clock;
    private final KubernetesSerialization serialization;

    public StatusReporter(EventRecorder events, Clock clock, KubernetesSerialization serialization) {
        this.events = events;
        this.clock = clock;
        this.serialization = serialization;
    }

    /**
     * Completes {@code fresh} (kind-specific fields already set) with generation and conditions and
     * answers the update JOSDK should make: a status patch, or nothing when the status is unchanged.
     */
    public <S extends ResourceStatus, P extends CustomResource<?, S>> UpdateControl<P> report(
            P resource, S fresh, List<ConditionState> states) {
        S previous = resource.getStatus();
        var previousConditions = previous == null ? null : previous.getConditions();
        fresh.setObservedGeneration(resource.getMetadata().getGeneration());
        fresh.setConditions(Conditions.merge(previousConditions, states, generation(resource), clock.instant()));
        Conditions.changed(previousConditions, states).forEach(state -> events.conditionChanged(resource, state));
        if (previous != null && Objects.equals(serialization.asJson(previous), serialization.asJson(fresh))) {
            return UpdateControl.noUpdate();
        }
        resource.setStatus(fresh);
        return UpdateControl.patchStatus(resource);
    }

    private static long generation(CustomResource<?, ?> resource) {
        Long generation = resource.getMetadata().getGeneration();
        return generation == null ? 0 : generation;
    }
}
