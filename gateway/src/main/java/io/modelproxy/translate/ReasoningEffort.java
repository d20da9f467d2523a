package io.modelproxy.translate;

import java.util.List;

/**
 * The one table between OpenAI reasoning effort and Anthropic thinking budget, used in both
 * directions (TRANSLATION.md §1.5 and §7). Budgets follow CLIProxyAPI; a budget maps to the highest
 * effort whose budget it reaches, so every row survives a round trip unchanged.
 *
 * <pre>
 * effort   budget_tokens
 * minimal     512   (Anthropic's floor of 1024 applies on the way there)
 * low        1024
 * medium     8192
 * high      24576
 * xhigh     32768
 * </pre>
 */
public final class ReasoningEffort {
    /** Anthropic rejects smaller thinking budgets. */
    public static final int MIN_BUDGET = 1024;

    private record Row(String effort, int budget) {}

    private static final List<Row> TABLE = List.of(
            new Row("minimal", 512),
            new Row("low", 1024),
            new Row("medium", 8192),
            new Row("high", 24576),
            new Row("xhigh", 32768));

    private ReasoningEffort() {}

    /** Thinking budget for an effort; "none" is 0, unknown efforts count as medium, Anthropic's "max" as xhigh. */
    public static int budgetFor(String effort) {
        if (effort == null) {
            return budgetFor("medium");
        }
        if ("none".equals(effort)) {
            return 0;
        }
        String known = "max".equals(effort) ? "xhigh" : effort;
        return TABLE.stream().filter(r -> r.effort.equals(known)).findFirst()
                .map(Row::budget).orElseGet(() -> budgetFor("medium"));
    }

    /** Effort for a thinking budget: the highest row whose budget it reaches; 0 or less is "none". */
    public static String effortFor(Integer budget) {
        if (budget == null) {
            return "medium";
        }
        if (budget <= 0) {
            return "none";
        }
        String effort = TABLE.get(0).effort;
        for (Row r : TABLE) {
            if (budget >= r.budget) {
                effort = r.effort;
            }
        }
        return effort;
    }
}
