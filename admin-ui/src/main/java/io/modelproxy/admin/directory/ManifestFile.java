package io.modelproxy.admin.directory;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.admin.store.KeyFingerprint;
import io.modelproxy.admin.store.ManifestShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One manifest file cut into its YAML documents, kept as the exact text between the {@code ---} lines,
 * so an edit replaces one document's text and leaves every other byte of the file as it was.
 *
 * <p>A document's leading and trailing comment lines survive an edit of that document; comments between
 * its fields do not (the object is written anew). A JSON file is one document.
 */
final class ManifestFile {
    private static final Pattern MARKER = Pattern.compile("^(---|\\.\\.\\.)(?:[ \\t].*)?\\R?$");

    private final String relative;
    private final boolean json;
    /** The text before the first marker, then the text after each marker line. */
    private final List<String> segments;
    /** {@code markers.get(i)} is the marker line (with its line break) before {@code segments.get(i + 1)}. */
    private final List<String> markers;
    private final List<Entry> entries;

    /**
     * One object of the file.
     *
     * @param segment which document of the file
     * @param version a digest of the document's text and file: any change to either changes it
     */
    record Entry(String relative, int segment, String apiVersion, String kind, String name, ObjectNode node,
            String version) {}

    private ManifestFile(String relative, boolean json, List<String> segments, List<String> markers) {
        this.relative = relative;
        this.json = json;
        this.segments = segments;
        this.markers = markers;
        List<Entry> found = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            parse(i).ifPresent(found::add);
        }
        this.entries = List.copyOf(found);
    }

    static ManifestFile parse(String relative, String text) {
        boolean json = relative.toLowerCase(java.util.Locale.ROOT).endsWith(".json");
        List<String> segments = new ArrayList<>();
        List<String> markers = new ArrayList<>();
        if (json) {
            segments.add(text);
            return new ManifestFile(relative, true, segments, markers);
        }
        StringBuilder segment = new StringBuilder();
        int at = 0;
        while (at < text.length()) {
            int end = text.indexOf('\n', at);
            String line = end < 0 ? text.substring(at) : text.substring(at, end + 1);
            if (MARKER.matcher(line).matches()) {
                segments.add(segment.toString());
                segment.setLength(0);
                markers.add(line);
            } else {
                segment.append(line);
            }
            at += line.length();
        }
        segments.add(segment.toString());
        return new ManifestFile(relative, false, segments, markers);
    }

    private Optional<Entry> parse(int index) {
        String text = segments.get(index);
        if (!hasContent(text)) {
            return Optional.empty();
        }
        JsonNode node;
        try {
            node = (json ? ManifestShape.JSON : ManifestShape.YAML).readTree(text);
        } catch (JacksonException e) {
            return Optional.empty();  // the compile check reports it, with its line
        }
        if (!(node instanceof ObjectNode object)) {
            return Optional.empty();
        }
        String apiVersion = object.path("apiVersion").asText(null);
        String kind = object.path("kind").asText(null);
        String name = object.path("metadata").path("name").asText(null);
        if (apiVersion == null || kind == null || name == null) {
            return Optional.empty();
        }
        String version = KeyFingerprint.sha256Hex(relative + "\n" + text).substring(0, 16);
        return Optional.of(new Entry(relative, index, apiVersion, kind, name, object, version));
    }

    String relative() {
        return relative;
    }

    List<Entry> entries() {
        return entries;
    }

    /** The file's text with one document's object replaced by {@code object}. */
    String replaced(int segment, ObjectNode object) {
        String old = segments.get(segment);
        String body = json ? ManifestShape.prettyJson(object) : ManifestShape.yaml(object);
        List<String> edited = new ArrayList<>(segments);
        edited.set(segment, json ? body : leadingComments(old) + body + trailingComments(old));
        return join(edited, markers);
    }

    /**
     * The file's text without one document's object. Its comments stay (they often describe the file or
     * the next document); its {@code ---} line goes when nothing but comments is left of it.
     */
    String removed(int segment) {
        if (json) {
            return "";
        }
        String old = segments.get(segment);
        List<String> edited = new ArrayList<>(segments);
        List<String> editedMarkers = new ArrayList<>(markers);
        String rest = leadingComments(old) + trailingComments(old);
        if (segment > 0) {
            editedMarkers.remove(segment - 1);
            edited.remove(segment);
            edited.set(segment - 1, edited.get(segment - 1) + rest);
        } else {
            edited.set(0, rest);
            if (!editedMarkers.isEmpty() && !hasContent(rest)) {
                edited.remove(0);
                edited.set(0, rest + edited.getFirst());
                editedMarkers.removeFirst();
            }
        }
        return join(edited, editedMarkers);
    }

    /** The file's text with one more document at its end. */
    static String appended(String text, ObjectNode object) {
        String yaml = ManifestShape.yaml(object);
        if (!hasContent(text)) {
            return text + yaml;
        }
        return text + (text.endsWith("\n") ? "" : "\n") + "---\n" + yaml;
    }

    private static String join(List<String> segments, List<String> markers) {
        StringBuilder text = new StringBuilder(segments.getFirst());
        for (int i = 1; i < segments.size(); i++) {
            String marker = markers.get(i - 1);
            if (!text.isEmpty() && text.charAt(text.length() - 1) != '\n') {
                text.append('\n');
            }
            text.append(marker).append(segments.get(i));
        }
        return text.toString();
    }

    private static boolean hasContent(String text) {
        return text.lines().map(String::strip).anyMatch(line -> !line.isEmpty() && !line.startsWith("#"));
    }

    private static boolean isComment(String line) {
        String stripped = line.strip();
        return stripped.isEmpty() || stripped.startsWith("#");
    }

    private static String leadingComments(String segment) {
        StringBuilder comments = new StringBuilder();
        for (String line : segment.split("(?<=\n)")) {
            if (!isComment(line)) {
                break;
            }
            comments.append(line);
        }
        return comments.toString();
    }

    private static String trailingComments(String segment) {
        String[] lines = segment.split("(?<=\n)");
        int first = lines.length;
        while (first > 0 && isComment(lines[first - 1])) {
            first--;
        }
        if (first == 0) {
            return "";
        }
        StringBuilder comments = new StringBuilder();
        for (int i = first; i < lines.length; i++) {
            comments.append(lines[i]);
        }
        if (!comments.isEmpty() && !lines[first - 1].endsWith("\n")) {
            comments.insert(0, '\n');
        }
        return comments.toString();
    }
}
