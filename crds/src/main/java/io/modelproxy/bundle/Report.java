package io.modelproxy.bundle;

import java.util.ArrayList;
import java.util.List;

/** The notes one conversion collects, in the order the source was read. */
public final class Report {
    private final List<Note> notes = new ArrayList<>();

    public void warn(String file, String object, String field, String message) {
        notes.add(new Note(Note.Level.WARNING, file, object, field, message));
    }

    public void error(String file, String object, String field, String message) {
        notes.add(new Note(Note.Level.ERROR, file, object, field, message));
    }

    public boolean hasErrors() {
        return notes.stream().anyMatch(Note::isError);
    }

    public List<Note> notes() {
        return List.copyOf(notes);
    }
}
