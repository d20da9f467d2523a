package io.modelproxy.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One mapping of a source file, read field by field. Every field read is marked, so {@link #finish} can
 * report the ones nobody read: that is how no source field is dropped silently. A field of the wrong type
 * is an error naming the file, the object and the field, and reads as absent.
 */
public final class SourceNode {
    private final String file;
    private final String object;
    private final String path;
    private final JsonNode node;
    private final Report report;
    private final Set<String> read = new HashSet<>();

    private SourceNode(String file, String object, String path, JsonNode node, Report report) {
        this.file = file;
        this.object = object;
        this.path = path;
        this.node = node;
        this.report = report;
    }

    /**
     * The top of one source object.
     *
     * @return empty, with an error, when {@code node} is not a mapping
     */
    public static Optional<SourceNode> root(String file, String object, JsonNode node, Report report) {
        if (node == null || !node.isObject()) {
            report.error(file, object, null, "expected a mapping, found " + type(node));
            return Optional.empty();
        }
        return Optional.of(new SourceNode(file, object, "", node, report));
    }

    public String file() {
        return file;
    }

    public String object() {
        return object;
    }

    /** The path of a field of this node, as notes name it, e.g. {@code endpoints.base_url}. */
    public String field(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** The same source position, naming another object (e.g. once its name is known). */
    public SourceNode named(String newObject) {
        SourceNode renamed = new SourceNode(file, newObject, path, node, report);
        renamed.read.addAll(read);
        return renamed;
    }

    public boolean has(String name) {
        JsonNode value = node.get(name);
        return value != null && !value.isNull();
    }

    /** Field names in source order. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The raw value, marked read; empty when absent or null. */
    public Optional<JsonNode> raw(String name) {
        read.add(name);
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    public Optional<String> text(String name) {
        return raw(name).flatMap(value -> {
            if (value.isTextual()) {
                return Optional.of(value.textValue());
            }
            error(name, "expected a string, found " + type(value));
            return Optional.empty();
        });
    }

    /** A whole number; a number with a fraction is rounded up (timeouts given as 0.5 become 1). */
    public Optional<Integer> integer(String name) {
        return raw(name).flatMap(value -> {
            if (value.isIntegralNumber() && value.canConvertToInt()) {
                return Optional.of(value.intValue());
            }
            if (value.isNumber()) {
                return Optional.of((int) Math.ceil(value.doubleValue()));
            }
            error(name, "expected a number, found " + type(value));
            return Optional.empty();
        });
    }

    public Optional<Boolean> bool(String name) {
        return raw(name).flatMap(value -> {
            if (value.isBoolean()) {
                return Optional.of(value.booleanValue());
            }
            error(name, "expected true or false, found " + type(value));
            return Optional.empty();
        });
    }

    public Optional<SourceNode> object(String name) {
        return raw(name).flatMap(value -> {
            if (value.isObject()) {
                return Optional.of(new SourceNode(file, object, field(name), value, report));
            }
            error(name, "expected a mapping, found " + type(value));
            return Optional.empty();
        });
    }

    /** A list of mappings; an element that is not a mapping is an error and left out. */
    public List<SourceNode> objects(String name) {
        List<SourceNode> elements = new ArrayList<>();
        list(name).ifPresent(array -> {
            for (int i = 0; i < array.size(); i++) {
                JsonNode element = array.get(i);
                if (element.isObject()) {
                    elements.add(new SourceNode(file, object, field(name) + "[" + i + "]", element, report));
                } else {
                    error(name + "[" + i + "]", "expected a mapping, found " + type(element));
                }
            }
        });
        return elements;
    }

    /** A list of strings; an element that is not a string is an error and left out. */
    public List<String> texts(String name) {
        List<String> elements = new ArrayList<>();
        list(name).ifPresent(array -> {
            for (int i = 0; i < array.size(); i++) {
                JsonNode element = array.get(i);
                if (element.isTextual()) {
                    elements.add(element.textValue());
                } else {
                    error(name + "[" + i + "]", "expected a string, found " + type(element));
                }
            }
        });
        return elements;
    }

    private Optional<JsonNode> list(String name) {
        return raw(name).flatMap(value -> {
            if (value.isArray()) {
                return Optional.of(value);
            }
            error(name, "expected a list, found " + type(value));
            return Optional.empty();
        });
    }

    /**
     * Reports a field with no Model Proxy equivalent, when it is set to something that does anything
     * (not false, empty, or {@code enabled: false}).
     */
    public void noEquivalent(String name, String why) {
        raw(name).filter(SourceNode::isOn).ifPresent(value -> warn(name, "not imported: " + why));
    }

    private static boolean isOn(JsonNode value) {
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isContainerNode() && value.isEmpty()) {
            return false;
        }
        JsonNode enabled = value.get("enabled");
        return enabled == null || !enabled.isBoolean() || enabled.booleanValue();
    }

    /** Reports every field not read so far, as an error ({@code unknown field}) or as a warning. */
    public void finish(boolean unknownIsError) {
        if (unknownIsError) {
            names().stream().filter(n -> !read.contains(n)).forEach(n -> error(n, "unknown field"));
        } else {
            finishWith("not imported: no equivalent in Model Proxy");
        }
    }

    /** Reports every field not read so far as a warning with this message. */
    public void finishWith(String warning) {
        names().stream().filter(n -> !read.contains(n)).forEach(n -> warn(n, warning));
    }

    public void error(String name, String message) {
        report.error(file, object, name == null ? nullIfEmpty(path) : field(name), message);
    }

    public void warn(String name, String message) {
        report.warn(file, object, name == null ? nullIfEmpty(path) : field(name), message);
    }

    private static String nullIfEmpty(String text) {
        return text.isEmpty() ? null : text;
    }

    private static String type(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "nothing";
        }
        return switch (value.getNodeType()) {
            case OBJECT -> "a mapping";
            case ARRAY -> "a list";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            default -> value.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }
}
