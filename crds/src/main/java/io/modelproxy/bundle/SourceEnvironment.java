package io.modelproxy.bundle;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment a source was written for: the variables it carries itself (a bundle's {@code environment},
 * LiteLLM's {@code environment_variables}), then those of {@link ImportOptions#environment()}.
 *
 * <p>Values are used to expand base URLs and, when asked, as key values; they never go into a note.
 */
public final class SourceEnvironment {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private final Map<String, String> variables;

    public SourceEnvironment(Map<String, String> own, Map<String, String> fallback) {
        Map<String, String> merged = new LinkedHashMap<>(fallback);
        merged.putAll(own);
        this.variables = Map.copyOf(merged);
    }

    public Optional<String> value(String variable) {
        return Optional.ofNullable(variables.get(variable)).filter(v -> !v.isEmpty());
    }

    public Set<String> names() {
        return new TreeSet<>(variables.keySet());
    }

    public boolean isEmpty() {
        return variables.isEmpty();
    }

    /** The variables {@code ${VAR}} in {@code text} names, in order. */
    public static List<String> references(String text) {
        return VARIABLE.matcher(text).results().map(m -> m.group(1)).toList();
    }

    /**
     * {@code text} with every {@code ${VAR}} replaced; empty when one is not set.
     */
    public Optional<String> expand(String text) {
        Matcher matcher = VARIABLE.matcher(text);
        StringBuilder expanded = new StringBuilder();
        while (matcher.find()) {
            Optional<String> value = value(matcher.group(1));
            if (value.isEmpty()) {
                return Optional.empty();
            }
            matcher.appendReplacement(expanded, Matcher.quoteReplacement(value.get()));
        }
        matcher.appendTail(expanded);
        return Optional.of(expanded.toString());
    }
}
