package io.modelproxy.config;

import io.modelproxy.manifest.Problem;
import java.util.List;
import java.util.Objects;

/**
 * An object whose current version is not compiled into the config: replaced by its last valid
 * compiled form when there was one, left out when it never was valid.
 *
 * @param kind Provider, LogicalModel or ModelGateway
 * @param name the object's metadata.name
 * @param file where its current version was read from
 * @param serving the version still served, or null when the object is left out
 * @param reasons the errors that hold it back, the first one deciding the condition reason
 */
public record HeldBack(String kind, String name, String file, ObjectSource serving, List<Problem> reasons) {
    public HeldBack {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        reasons = List.copyOf(reasons);
    }

    /** {@code Kind/name}. */
    public String id() {
        return kind + "/" + name;
    }

    /** The reason of the first error, e.g. {@code ProviderNotFound}; {@code Invalid} when none was recorded. */
    public String reason() {
        return reasons.isEmpty() ? "Invalid" : reasons.getFirst().reason().name();
    }

    /** What the gateway does instead: "serving generation 3", or "left out (never valid)". */
    public String outcome() {
        return serving == null ? "left out (it never was valid)" : "serving " + serving.version();
    }

    /** One line for logs, conditions and {@code /health/detailed}: id, file, reason, first message, outcome. */
    public String describe() {
        String why = reasons.isEmpty() ? "invalid"
                : (reasons.getFirst().field() == null ? "" : reasons.getFirst().field() + ": ") + reasons.getFirst().message()
                        + (reasons.size() > 1 ? " (and " + (reasons.size() - 1) + " more)" : "");
        return id() + (file == null ? "" : " (" + file + ")") + " held back: " + why + "; " + outcome();
    }
}
