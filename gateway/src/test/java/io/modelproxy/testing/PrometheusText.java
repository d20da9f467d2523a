package io.modelproxy.testing;

import java.util.Arrays;

/** Reads series out of a Prometheus text scrape. */
public final class PrometheusText {
    private final String text;

    public PrometheusText(String text) {
        this.text = text;
    }

    /**
     * The sum of the samples of {@code name} whose labels include every {@code label="value"} pair given
     * (as {@code "label", "value", ...}); 0 when there is none.
     */
    public double sum(String name, String... labels) {
        double total = 0;
        for (String line : text.split("\n")) {
            if (matches(line, name, labels)) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    /** Whether some sample of {@code name} has all the labels given. */
    public boolean has(String name, String... labels) {
        return Arrays.stream(text.split("\n")).anyMatch(line -> matches(line, name, labels));
    }

    private static boolean matches(String line, String name, String... labels) {
        if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
            return false;
        }
        for (int i = 0; i < labels.length; i += 2) {
            if (!line.contains(labels[i] + "=\"" + labels[i + 1] + "\"")) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return text;
    }
}
