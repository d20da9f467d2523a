package io.modelproxy.operator.status;

import io.modelproxy.manifest.Problem;
import java.util.List;
import java.util.stream.Collectors;

/** Turns what the compiler found about an object into condition states a human can act on. */
public final class Verdicts {
    public static final String RESOLVED = "Resolved";
    private static final int MESSAGES_SHOWN = 3;

    private Verdicts() {}

    /**
     * {@code ResolvedRefs}: False with the first error's reason and what is wrong, else True
     * ({@value #RESOLVED}) with {@code resolvedMessage}.
     */
    public static ConditionState resolvedRefs(List<Problem> problems, String resolvedMessage) {
        List<Problem> errors = problems.stream().filter(Problem::isError).toList();
        if (errors.isEmpty()) {
            return ConditionState.isTrue(ConditionState.RESOLVED_REFS, RESOLVED, resolvedMessage);
        }
        return ConditionState.isFalse(ConditionState.RESOLVED_REFS, errors.getFirst().reason().name(), describe(errors));
    }

    /** Up to three problems as {@code Kind/name: field: message}, then how many more there are. */
    public static String describe(List<Problem> problems) {
        String shown = problems.stream()
                .limit(MESSAGES_SHOWN)
                .map(Verdicts::describe)
                .collect(Collectors.joining("; "));
        int more = problems.size() - MESSAGES_SHOWN;
        return more > 0 ? shown + " (and " + more + " more)" : shown;
    }

    private static String describe(Problem problem) {
        StringBuilder text = new StringBuilder();
        if (problem.kind() != null && problem.name() != null) {
            text.append(problem.kind()).append('/').append(problem.name()).append(": ");
        }
        if (problem.field() != null) {
            text.append(problem.field()).append(": ");
        }
        return text.append(problem.message()).toString();
    }
}
