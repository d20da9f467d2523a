package io.modelproxy.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Turns the operator's conclusions into Kubernetes conditions, keeping transition times honest. */
public final class Conditions {
    private Conditions() {}

    /**
     * The conditions to write: one per state, in order. {@code lastTransitionTime} moves only when
     * the status flips, so {@code kubectl describe} tells how long a resource has been broken.
     */
    public static List<Condition> merge(List<Condition> previous, List<ConditionState> next, long generation, Instant now) {
        List<Condition> merged = new ArrayList<>();
        for (ConditionState state : next) {
            Condition before = find(previous, state.type());
            String transition = before != null && state.statusText().equals(before.getStatus())
                    && before.getLastTransitionTime() != null
                    ? before.getLastTransitionTime()
                    : DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
            merged.add(new ConditionBuilder()
                    .withType(state.type())
                    .withStatus(state.statusText())
                    .withReason(state.reason())
                    .withMessage(state.message())
                    .withObservedGeneration(generation)
                    .withLastTransitionTime(transition)
                    .build());
        }
        return merged;
    }

    /** The states that differ from the previous conditions in status, reason or message: each deserves an Event. */
    public static List<ConditionState> changed(List<Condition> previous, List<ConditionState> next) {
        return next.stream().filter(state -> {
            Condition before = find(previous, state.type());
            return before == null
                    || !state.statusText().equals(before.getStatus())
                    || !state.reason().equals(before.getReason())
                    || !state.message().equals(before.getMessage());
        }).toList();
    }

    private static Condition find(List<Condition> conditions, String type) {
        if (conditions == null) {
            return null;
        }
        return conditions.stream().filter(c -> Objects.equals(c.getType(), type)).findFirst().orElse(null);
    }
}
