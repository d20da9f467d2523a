package io.modelproxy.admin.store;

import io.modelproxy.manifest.Problem;
import java.util.List;

/**
 * A store's refusal of a read or an edit, with the HTTP status the admin API answers with.
 * Its message is for a person and never holds a key value.
 */
public final class EditRefused extends RuntimeException {
    private final int status;
    private final String field;
    private final transient List<Problem> problems;

    public EditRefused(int status, String message, String field, List<Problem> problems) {
        super(message, null, false, false);
        this.status = status;
        this.field = field;
        this.problems = List.copyOf(problems);
    }

    public static EditRefused invalid(String message, String field) {
        return new EditRefused(400, message, field, List.of());
    }

    /** An edit that the compiler rejects: the problems it would add. */
    public static EditRefused doesNotCompile(List<Problem> problems) {
        Problem first = problems.getFirst();
        String message = problems.size() == 1 ? first.message()
                : first.message() + " (and " + (problems.size() - 1) + " more problems)";
        return new EditRefused(400, message, first.field(), problems);
    }

    public static EditRefused notFound(String message) {
        return new EditRefused(404, message, null, List.of());
    }

    public static EditRefused conflict(String message) {
        return new EditRefused(409, message, null, List.of());
    }

    public static EditRefused forbidden(String message) {
        return new EditRefused(403, message, null, List.of());
    }

    public int status() {
        return status;
    }

    /** The field the message is about, e.g. {@code spec.routes[0].provider}; null for the whole object. */
    public String field() {
        return field;
    }

    public List<Problem> problems() {
        return problems;
    }
}
