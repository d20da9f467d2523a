package io.modelproxy.bundle;

/**
 * One API key of a source: the environment variable it comes from, and its value when the source holds it.
 *
 * @param variable e.g. {@code GROQ_API_KEY_2}; also the key's name in the Secret manifest
 * @param value the literal key, or null when the source only names the variable
 */
public record KeyEntry(String variable, String value) {
    public static KeyEntry named(String variable) {
        return new KeyEntry(variable, null);
    }

    /** The variable only: values stay out of logs and reports. */
    @Override
    public String toString() {
        return "KeyEntry[" + variable + (value == null ? "" : ", value set") + "]";
    }
}
