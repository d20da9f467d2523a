package io.modelproxy.bundle;

import java.util.Locale;
import java.util.StringJoiner;

/**
 * One entry of an import or export report: a source field with no equivalent (a warning), or input that
 * cannot be converted (an error).
 *
 * @param level ERROR means nothing is written; WARNING means the rest converted
 * @param file the source file as given, e.g. {@code config/models/smart.json}
 * @param object the source object in the source's own words, e.g. {@code provider groq} or
 *     {@code model_list[2] (fast)}; null for the file as a whole
 * @param field where in the object, e.g. {@code error_handling.429.action}; null for the whole object
 * @param message what happened, for a human; never holds a key value
 */
public record Note(Level level, String file, String object, String field, String message) {

    /** How bad a note is. */
    public enum Level { ERROR, WARNING }

    public boolean isError() {
        return level == Level.ERROR;
    }

    /** {@code file: object: field: message}, leaving out the parts that are unknown. */
    public String display() {
        StringJoiner line = new StringJoiner(": ");
        if (file != null) {
            line.add(file);
        }
        if (object != null) {
            line.add(object);
        }
        if (field != null && !field.isEmpty()) {
            line.add(field);
        }
        return line.add(message).toString();
    }

    @Override
    public String toString() {
        return level.name().toLowerCase(Locale.ROOT) + ": " + display();
    }
}
