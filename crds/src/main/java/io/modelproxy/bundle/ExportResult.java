package io.modelproxy.bundle;

import java.util.List;

/**
 * What an export produced.
 *
 * @param text the exported document (e.g. the Model-Proxy bundle JSON); same input, same bytes
 * @param notes what the format cannot hold (warnings), and what could not be read (errors)
 */
public record ExportResult(String text, List<Note> notes) {
    public ExportResult {
        notes = List.copyOf(notes);
    }

    public boolean hasErrors() {
        return notes.stream().anyMatch(Note::isError);
    }
}
