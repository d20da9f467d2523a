package io.modelproxy.translate;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an upstream model id tells about the parameters it accepts. Names only: a provider prefix
 * ({@code openai/…}) is ignored, unknown names get the permissive answer.
 */
public record ModelTraits(String model) {
    private static final Pattern OPENAI_REASONING = Pattern.compile("^(o\\d+|gpt-5)([-.].*)?$");
    private static final Pattern OPENAI_WITHOUT_REASONING = Pattern.compile("^(gpt-3\\.5|gpt-4|chatgpt-).*");
    private static final Pattern CLAUDE_FAMILY_FIRST = Pattern.compile("^claude-(?:opus|sonnet|haiku)-(\\d+)(?:-(\\d{1,2}))?(?:-.*)?$");
    private static final Pattern CLAUDE_VERSION_FIRST = Pattern.compile("^claude-(\\d+)(?:-(\\d{1,2}))?-(?:opus|sonnet|haiku)(?:-.*)?$");

    private String bareName() {
        String m = model == null ? "" : model.toLowerCase(Locale.ROOT);
        return m.substring(m.lastIndexOf('/') + 1);
    }

    /**
     * OpenAI reasoning models (gpt-5 family, o-series): they take {@code max_completion_tokens} only
     * and reject sampling parameters other than the defaults (TRANSLATION.md case 30).
     */
    public boolean openAiReasoning() {
        return OPENAI_REASONING.matcher(bareName()).matches();
    }

    /**
     * OpenAI models known to reject reasoning parameters (gpt-4 family, gpt-3.5): an Anthropic client
     * with thinking on must still reach them. Other names may reason and get the effort.
     */
    public boolean acceptsReasoning() {
        return !OPENAI_WITHOUT_REASONING.matcher(bareName()).matches();
    }

    /**
     * Claude models from 4.5 on take {@code output_config.format}; older ones get a forced JSON tool
     * (case 57). Names that are not Claude version names count as current.
     */
    public boolean claudeStructuredOutput() {
        String name = bareName();
        Matcher m = CLAUDE_FAMILY_FIRST.matcher(name);
        if (!m.matches()) {
            m = CLAUDE_VERSION_FIRST.matcher(name);
            if (!m.matches()) {
                return true;
            }
        }
        int major = Integer.parseInt(m.group(1));
        int minor = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
        return major > 4 || (major == 4 && minor >= 5);
    }
}
