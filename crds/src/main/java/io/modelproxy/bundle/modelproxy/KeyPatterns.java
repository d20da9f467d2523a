package io.modelproxy.bundle.modelproxy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Model-Proxy's {@code api_keys.env_var_patterns}: {@code {PROVIDER}} is the provider's name upper-cased
 * ({@code -} as {@code _}), {@code {INDEX}} matches digits; a pattern without {@code {INDEX}} names one
 * exact variable.
 */
final class KeyPatterns {
    private static final String INDEX = "{INDEX}";

    private KeyPatterns() {}

    /** What Model-Proxy uses when a provider lists no patterns. */
    static List<String> defaults() {
        return List.of("{PROVIDER}_API_KEY", "{PROVIDER}_API_KEY_" + INDEX);
    }

    /**
     * The variables the patterns name: an exact pattern is its variable; a {@code {INDEX}} pattern is each
     * variable of {@code environment} it matches, by ascending index, or, when there is no environment to
     * look at, its first name ({@code {INDEX}} as 1). Each variable once, patterns in order.
     */
    static List<String> expand(List<String> patterns, String providerVariable, Set<String> environment) {
        Set<String> found = new LinkedHashSet<>();
        for (String given : patterns) {
            String pattern = given.replace("{PROVIDER}", providerVariable);
            if (!pattern.contains(INDEX)) {
                found.add(pattern);
                continue;
            }
            Pattern regex = Pattern.compile(String.join("(\\d+)",
                    List.of(pattern.split(Pattern.quote(INDEX), -1)).stream().map(Pattern::quote).toList()));
            List<String> matches = new ArrayList<>();
            for (String variable : environment) {
                if (regex.matcher(variable).matches()) {
                    matches.add(variable);
                }
            }
            matches.sort(Comparator.comparing((String v) -> index(regex, v)).thenComparing(v -> v));
            if (matches.isEmpty() && environment.isEmpty()) {
                matches.add(pattern.replace(INDEX, "1"));
            }
            found.addAll(matches);
        }
        return List.copyOf(found);
    }

    private static long index(Pattern regex, String variable) {
        Matcher matcher = regex.matcher(variable);
        if (!matcher.matches() || matcher.groupCount() == 0) {
            return 0;
        }
        String digits = matcher.group(1);
        return digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
    }

    /** True for a name a Secret entry and a shell variable can both carry. */
    static boolean isVariableName(String name) {
        return name.matches("[A-Za-z_][A-Za-z0-9_]*");
    }
}
