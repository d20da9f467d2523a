package io.modelproxy.translate;

/**
 * The reasoning a client asked for: an OpenAI {@code effort} or an Anthropic thinking
 * {@code budgetTokens} (one of them), translated through {@link ReasoningEffort}.
 *
 * @param summary the Responses {@code reasoning.summary} the client asked for, or null
 */
public record Reasoning(String effort, Integer budgetTokens, String summary) {

    public static Reasoning effort(String effort) {
        return new Reasoning(effort, null, null);
    }

    public static Reasoning budget(int budgetTokens) {
        return new Reasoning(null, budgetTokens, null);
    }

    /** True when the client asked for no reasoning at all ({@code effort: none}). */
    public boolean off() {
        return "none".equals(effort) || (effort == null && budgetTokens != null && budgetTokens <= 0);
    }

    /** The thinking budget for an Anthropic upstream (before the ≥1024 and &lt; max_tokens rules). */
    public int budget() {
        return budgetTokens != null ? budgetTokens : ReasoningEffort.budgetFor(effort);
    }

    /** The effort for an OpenAI upstream. */
    public String openAiEffort() {
        return effort != null ? effort : ReasoningEffort.effortFor(budgetTokens);
    }
}
