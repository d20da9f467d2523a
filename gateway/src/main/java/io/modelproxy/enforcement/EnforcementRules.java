package io.modelproxy.enforcement;

import io.modelproxy.config.ConfigCompiler;
import io.modelproxy.config.ModelConfig;
import java.util.Locale;
import java.util.Optional;

/**
 * Tool-call enforcement as it applies to one request: how often a reply without a tool call is sent
 * back with a correction, the text that lets the model say it is done instead, and the guidance
 * added to the system prompt.
 */
public record EnforcementRules(int maxRetries, String terminationFlag, String guidance) {
    /** Per-request override of the model's setting: {@code on} or {@code off}. */
    public static final String HEADER = "x-model-proxy-tool-enforcement";

    /**
     * The rules for one request: the model's {@code toolCallEnforcement}, switched on or off by the
     * client's {@value #HEADER} header. Empty when enforcement is off.
     *
     * @param config the model's setting; null for a config written without one (defaults apply when the header turns it on)
     * @param header the header's value, or null
     * @throws IllegalArgumentException when the header says neither on nor off
     */
    public static Optional<EnforcementRules> forRequest(ModelConfig.ToolCallEnforcement config, String header) {
        boolean enabled = config != null && config.enabled();
        if (header != null) {
            enabled = switch (header.strip().toLowerCase(Locale.ROOT)) {
                case "on" -> true;
                case "off" -> false;
                default -> throw new IllegalArgumentException(HEADER + " must be on or off, not '" + header + "'");
            };
        }
        if (!enabled) {
            return Optional.empty();
        }
        int retries = config == null ? ConfigCompiler.DEFAULT_TOOL_RETRIES : config.maxRetries();
        String flag = config == null || config.terminationFlag() == null ? ConfigCompiler.DEFAULT_TERMINATION_FLAG
                : config.terminationFlag();
        String guidance = config == null || config.guidance() == null || config.guidance().isBlank()
                ? defaultGuidance(flag) : config.guidance();
        return Optional.of(new EnforcementRules(retries, flag, guidance));
    }

    static String defaultGuidance(String flag) {
        return "Tool-call rule: answer every turn by calling one of the available tools; a reply with text only is "
                + "not accepted. When the task is completely finished and no further tool call is needed, reply with "
                + flag + " to say so.";
    }

    /** The user turn that sends a reply without a tool call back to the model. */
    String correction() {
        return "Your last reply did not call a tool. Continue by calling one of the available tools now. If the task "
                + "is already finished, reply with " + terminationFlag + " only.";
    }

    /** True when a reply counts as acting: it calls a tool or says it is done. */
    boolean acted(boolean callsTool, String text) {
        return callsTool || (!terminationFlag.isEmpty() && text.contains(terminationFlag));
    }
}
