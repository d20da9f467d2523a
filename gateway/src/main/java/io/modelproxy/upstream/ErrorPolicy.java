package io.modelproxy.upstream;

import io.modelproxy.api.ErrorAction;
import io.modelproxy.config.ProviderConfig.ErrorRule;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * What to do with an upstream error: the first rule matching the status (and, when the rule says so,
 * a text in the body) wins. The config holds the full policy (the provider's rules, then the default
 * table of DESIGN.md), for hand-written files too (crds ConfigFile). Unmatched: 5xx falls back,
 * anything else is returned to the client.
 */
public final class ErrorPolicy {
    private final List<ErrorRule> rules;

    private ErrorPolicy(List<ErrorRule> rules) {
        this.rules = rules;
    }

    public static ErrorPolicy of(List<ErrorRule> rules) {
        return new ErrorPolicy(List.copyOf(rules));
    }

    /**
     * The action for one upstream error.
     *
     * @param cooldownSeconds the matching rule's cooldown, or null for the provider's default
     */
    public record Decision(ErrorAction action, Integer cooldownSeconds) {}

    public Decision decide(int status, byte[] body) {
        String lowerBody = null;
        for (ErrorRule rule : rules) {
            if (!rule.status().contains(status)) {
                continue;
            }
            if (rule.bodyContains() != null && !rule.bodyContains().isEmpty()) {
                if (lowerBody == null) {
                    lowerBody = body == null ? "" : new String(body, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
                }
                if (!lowerBody.contains(rule.bodyContains().toLowerCase(Locale.ROOT))) {
                    continue;
                }
            }
            return new Decision(rule.action(), rule.cooldownSeconds());
        }
        return new Decision(status >= 500 ? ErrorAction.FallBack : ErrorAction.Return, null);
    }
}
