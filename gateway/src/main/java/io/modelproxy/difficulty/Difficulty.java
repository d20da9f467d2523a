package io.modelproxy.difficulty;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How hard a request is, as a classifier judges it; the names are the manifest's and the header's. */
public enum Difficulty {
    EASY,
    MEDIUM,
    HARD;

    private static final Pattern WORD = Pattern.compile("\\b(easy|medium|hard)\\b", Pattern.CASE_INSENSITIVE);

    /** The name in manifests, headers and metrics: {@code easy}, {@code medium}, {@code hard}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The first of easy, medium, hard in a classifier's reply, as a whole word; empty when there is none. */
    static Optional<Difficulty> parse(String reply) {
        if (reply == null) {
            return Optional.empty();
        }
        Matcher m = WORD.matcher(reply);
        return m.find() ? Optional.of(valueOf(m.group(1).toUpperCase(Locale.ROOT))) : Optional.empty();
    }
}
