package io.modelproxy.upstream;

import io.modelproxy.api.ErrorAction;
import io.modelproxy.config.ProviderConfig;
import io.modelproxy.config.ProviderConfig.ErrorRule;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What to do with an upstream error: the first rule matching the status (and, when the rule says so,
 * a text in the body) wins. The provider's rules come first; the default table of DESIGN.md backs
 * them, so a hand-written config without a policy still behaves. Unmatched: 5xx falls back, anything
 * else is returned to the client.
 */
public final class ErrorPolicy {
    private static final List<ErrorRule> DEFAULTS = ProviderConfig.DEFAULT_ERROR_POLICY;

    private final List<ErrorRule> rules;

    private ErrorPolicy(List<ErrorRule> rules) {
        this.rules = rules;
    }

    public static ErrorPolicy of(List<ErrorRule> providerRules) {
        List<ErrorRule> all = new ArrayList<>(providerRules.size() + DEFAULTS.size());
        all.addAll(providerRules);
        all.addAll(DEFAULTS);
        return new ErrorPolicy(List.copyOf(all));
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
