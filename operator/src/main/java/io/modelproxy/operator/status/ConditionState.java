package io.modelproxy.operator.status;

import java.util.Objects;

/**
 * What the operator concluded about one condition of a resource, before it is written as a
 * Kubernetes condition.
 *
 * @param type {@code Ready} or {@code ResolvedRefs}
 * @param status true or false (the operator never reports Unknown)
 * @param reason a CamelCase reason such as {@code SecretNotFound} or {@code Resolved}
 * @param message what a human should know, never a key value
 */
public record ConditionState(String type, boolean status, String reason, String message) {
    public static final String READY = "Ready";
    public static final String RESOLVED_REFS = "ResolvedRefs";

    public ConditionState {
        Objects.requireNonNull(type);
        Objects.requireNonNull(reason);
        Objects.requireNonNull(message);
    }

    public static ConditionState isTrue(String type, String reason, String message) {
        return new ConditionState(type, true, reason, message);
    }

    public static ConditionState isFalse(String type, String reason, String message) {
        return new ConditionState(type, false, reason, message);
    }

    /** The same verdict under another condition type, e.g. a failed ResolvedRefs that also makes Ready false. */
    public ConditionState as(String otherType) {
        return new ConditionState(otherType, status, reason, message);
    }

    /** The Kubernetes spelling of the status. */
    public String statusText() {
        return status ? "True" : "False";
    }
}
