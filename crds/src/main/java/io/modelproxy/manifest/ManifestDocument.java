package io.modelproxy.manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One YAML document of a file: its number (1-based, counting documents with content) and first line. */
record ManifestDocument(int number, int line, String text) {
    private static final Pattern MARKER = Pattern.compile("^(---|\\.\\.\\.)(?:[ \\t](.*))?$");

    /**
     * Splits on {@code ---} and {@code ...} lines, as kubectl does, so a malformed document does not hide
     * the ones after it and every problem can say which document it is in.
     */
    static List<ManifestDocument> split(String content) {
        List<ManifestDocument> documents = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int start = 1;
        int lineNumber = 0;
        for (String line : content.split("\\R", -1)) {
            lineNumber++;
            Matcher marker = MARKER.matcher(line);
            if (marker.matches()) {
                add(documents, start, text.toString());
                text.setLength(0);
                start = lineNumber;
                text.append(marker.group(1).equals("---") && marker.group(2) != null ? marker.group(2) : "");
                text.append('\n');
            } else {
                text.append(line).append('\n');
            }
        }
        add(documents, start, text.toString());
        return documents;
    }

    private static void add(List<ManifestDocument> documents, int start, String text) {
        boolean hasContent = text.lines().map(String::strip).anyMatch(l -> !l.isEmpty() && !l.startsWith("#"));
        if (hasContent) {
            documents.add(new ManifestDocument(documents.size() + 1, start, text));
        }
    }

    String where() {
        return "document " + number + " (line " + line + ")";
    }
}
