package io.modelproxy.bundle.modelproxy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.api.ErrorAction;
import io.modelproxy.bundle.SourceNode;
import java.util.Optional;
import java.util.TreeMap;

/** A Model-Proxy provider's {@code error_handling} table as the Provider's error policy. */
final class ErrorPolicyImport {
    private ErrorPolicyImport() {
    }

    /** Writes {@code errorPolicy}, one rule a status, in status order. */
    static void read(SourceNode provider, ObjectNode spec) {
        provider.object("error_handling").ifPresent(table -> {
            TreeMap<Integer, String> statuses = new TreeMap<>();
            for (String status : table.names()) {
                if (status.matches("[1-5][0-9][0-9]")) {
                    statuses.put(Integer.parseInt(status), status);
                } else {
                    table.raw(status);
                    table.error(status, "not an HTTP status (100 to 599)");
                }
            }
            ArrayNode rules = JsonNodeFactory.instance.arrayNode();
            statuses.forEach((code, status) -> table.object(status).ifPresent(rule -> {
                Optional<String> action = rule.text("action");
                Optional<Integer> cooldown = rule.integer("cooldown_seconds");
                rule.finish(false);
                if (action.isEmpty()) {
                    rule.error("action", "required but missing");
                    return;
                }
                Optional<ErrorAction> mapped = action(rule, action.get());
                mapped.ifPresent(a -> {
                    ObjectNode out = rules.addObject();
                    out.putArray("status").add(code);
                    out.put("action", a.name());
                    boolean cools = a == ErrorAction.CooldownKeyForModel || a == ErrorAction.CooldownKeyForProvider;
                    if (cools) {
                        cooldown.ifPresent(c -> out.put("cooldownSeconds", c));
                    } else if (cooldown.isPresent()) {
                        rule.warn("cooldown_seconds", "not imported: " + a.name() + " cools nothing down");
                    }
                });
            }));
            if (!rules.isEmpty()) {
                spec.set("errorPolicy", rules);
            }
        });
    }

    private static Optional<ErrorAction> action(SourceNode rule, String action) {
        return switch (action) {
            case "model_key_failure" -> Optional.of(ErrorAction.CooldownKeyForModel);
            case "global_key_failure" -> Optional.of(ErrorAction.CooldownKeyForProvider);
            case "provider_cooldown", "cooldown" -> {
                rule.warn("action", action + " is imported as FallBack: there is no provider-wide pause, the gateway "
                        + "falls back to the next route and repeated failures open that route's circuit");
                yield Optional.of(ErrorAction.FallBack);
            }
            case "fallback_no_cooldown" -> Optional.of(ErrorAction.FallBack);
            case "pass_through", "ignore" -> Optional.of(ErrorAction.Return);
            case "auto_fix_tool_responses" -> {
                rule.warn("action", "not imported: auto_fix_tool_responses has no equivalent; the default policy applies");
                yield Optional.empty();
            }
            default -> {
                rule.error("action", "unknown action " + action + " (expected model_key_failure, global_key_failure, "
                        + "provider_cooldown, fallback_no_cooldown, auto_fix_tool_responses or pass_through)");
                yield Optional.empty();
            }
        };
    }
}
