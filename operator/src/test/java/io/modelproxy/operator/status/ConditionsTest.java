package io.modelproxy.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T1 = Instant.parse("2026-01-01T01:00:00Z");

    @Test
    void theTransitionTimeMovesOnlyWhenTheStatusFlips() {
        List<Condition> first = Conditions.merge(null,
                List.of(ConditionState.isTrue("Ready", "Ready", "fine")), 1, T0);
        List<Condition> sameStatusNewReason = Conditions.merge(first,
                List.of(ConditionState.isTrue("Ready", "StillReady", "still fine")), 2, T1);
        List<Condition> flipped = Conditions.merge(sameStatusNewReason,
                List.of(ConditionState.isFalse("Ready", "SecretNotFound", "gone")), 3, T1);

        assertThat(first.getFirst().getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(sameStatusNewReason.getFirst().getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(sameStatusNewReason.getFirst().getObservedGeneration()).isEqualTo(2L);
        assertThat(flipped.getFirst()).extracting(Condition::getStatus, Condition::getReason, Condition::getLastTransitionTime)
                .containsExactly("False", "SecretNotFound", "2026-01-01T01:00:00Z");
    }

    @Test
    void aChangeIsANewConditionOrANewStatusReasonOrMessage() {
        List<Condition> previous = Conditions.merge(null, List.of(
                ConditionState.isTrue("Ready", "Ready", "fine"),
                ConditionState.isTrue("ResolvedRefs", "Resolved", "2 keys resolved")), 1, T0);

        assertThat(Conditions.changed(previous, List.of(
                ConditionState.isTrue("Ready", "Ready", "fine"),
                ConditionState.isTrue("ResolvedRefs", "Resolved", "2 keys resolved")))).isEmpty();
        assertThat(Conditions.changed(previous, List.of(
                ConditionState.isTrue("Ready", "Ready", "fine"),
                ConditionState.isFalse("ResolvedRefs", "SecretNotFound", "Secret groq-keys not found"))))
                .extracting(ConditionState::type).containsExactly("ResolvedRefs");
        assertThat(Conditions.changed(null, List.of(ConditionState.isTrue("Ready", "Ready", "fine")))).hasSize(1);
    }
}
