package io.modelproxy.bundle;

import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What an import produced.
 *
 * @param objects the converted objects; empty when there is an error (nothing half-converted is written)
 * @param notes the report: every source field with no equivalent (warnings) and every input problem
 *     (errors), in source order
 * @param variables environment variables the Secrets read as {@code ${VAR}}: what to set before serving
 */
public record ImportResult(ManifestObjects objects, List<Note> notes, SortedSet<String> variables) {
    public ImportResult {
        notes = List.copyOf(notes);
        variables = Collections.unmodifiableSortedSet(new TreeSet<>(variables));
    }

    /** The result of a finished conversion: its objects unless the report holds an error. */
    public static ImportResult of(ManifestDraft draft, Report report, ImportOptions options) {
        ManifestObjects objects = report.hasErrors() ? ManifestObjects.empty() : draft.finish(report, options.namespace());
        return new ImportResult(objects, report.notes(), report.hasErrors() ? new TreeSet<>() : draft.variables());
    }

    public boolean hasErrors() {
        return notes.stream().anyMatch(Note::isError);
    }

    public List<Note> errors() {
        return notes.stream().filter(Note::isError).toList();
    }

    public List<Note> warnings() {
        return notes.stream().filter(n -> !n.isError()).toList();
    }
}
