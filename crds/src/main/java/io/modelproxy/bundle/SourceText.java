package io.modelproxy.bundle;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.Optional;

/** Parses a source file into a tree; malformed text becomes one error naming the file and the place. */
public final class SourceText {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private SourceText() {}

    /** The top mapping of a JSON file; empty, with an error, when it is malformed or not a mapping. */
    public static Optional<SourceNode> json(String file, String text, Report report) {
        return parse(JSON, "JSON", file, text, report).flatMap(node -> SourceNode.root(file, null, node, report));
    }

    /** The top mapping of a YAML file; empty, with an error, when it is malformed or not a mapping. */
    public static Optional<SourceNode> yaml(String file, String text, Report report) {
        return parse(YAML, "YAML", file, text, report).flatMap(node -> SourceNode.root(file, null, node, report));
    }

    /** A JSON file's tree, for sources that are a single document of another shape. */
    public static Optional<JsonNode> jsonTree(String file, String text, Report report) {
        return parse(JSON, "JSON", file, text, report);
    }

    private static Optional<JsonNode> parse(ObjectMapper mapper, String format, String file, String text,
            Report report) {
        try {
            JsonNode root = mapper.readTree(text);
            if (root == null || root.isMissingNode() || root.isNull()) {
                report.error(file, null, null, "empty: no " + format + " document");
                return Optional.empty();
            }
            return Optional.of(root);
        } catch (JacksonException e) {
            report.error(file, null, null, "malformed " + format + where(e.getLocation()) + ": " + redacted(e));
            return Optional.empty();
        }
    }

    private static String where(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** The parser's first line with quoted text taken out: a malformed line may hold a key. */
    private static String redacted(JacksonException e) {
        String message = e.getOriginalMessage() == null ? "cannot be parsed" : e.getOriginalMessage();
        return message.lines().findFirst().orElse(message)
                .replaceAll("'[^']*'", "'…'")
                .replaceAll("\"[^\"]*\"", "\"…\"")
                .replaceAll("\\(code \\d+\\)", "");
    }
}
