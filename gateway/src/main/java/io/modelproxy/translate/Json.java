package io.modelproxy.translate;

import java.io.IOException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** Reading and writing the Jackson trees every dialect codec works on. */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {}

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static ArrayNode array() {
        return NODES.arrayNode();
    }

    /** The text of a field, or null when it is missing, null or not a string. */
    public static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    /** The text of a field, or "" when it is missing. */
    public static String textOr(JsonNode node, String field, String fallback) {
        String s = text(node, field);
        return s == null ? fallback : s;
    }

    /** The field when it is an object, else null. */
    public static ObjectNode obj(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v instanceof ObjectNode o ? o : null;
    }

    /** The field's elements when it is an array, else an empty list. */
    public static List<JsonNode> items(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || !v.isArray()) {
            return List.of();
        }
        List<JsonNode> out = new ArrayList<>(v.size());
        v.forEach(out::add);
        return out;
    }

    /** The field as a long, or {@code fallback} when it is missing or not a number. */
    public static long longOr(JsonNode node, String field, long fallback) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isNumber() ? v.asLong() : fallback;
    }

    public static Integer intOrNull(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isNumber() ? v.asInt() : null;
    }

    public static Double doubleOrNull(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isNumber() ? v.asDouble() : null;
    }

    public static Boolean boolOrNull(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isBoolean() ? v.asBoolean() : null;
    }

    /** True when the field is present and not JSON null. */
    public static boolean has(JsonNode node, String field) {
        return node != null && node.hasNonNull(field);
    }

    /** Parses JSON text; null when it is not JSON. */
    public static JsonNode parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** Parses the JSON in {@code bytes[from, to)} (UTF-8), without making a String of it first; null when it is not JSON. */
    public static JsonNode parse(byte[] bytes, int from, int to) {
        try {
            return MAPPER.readTree(bytes, from, to - from);
        } catch (IOException e) {
            return null;
        }
    }

    /** Parses tool arguments: a JSON object, or an empty object when they are not one (truncated output). */
    public static ObjectNode argumentsObject(String arguments) {
        JsonNode parsed = arguments == null || arguments.isBlank() ? null : parse(arguments);
        return parsed instanceof ObjectNode o ? o : object();
    }

    /** Compact JSON text. */
    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a Jackson tree always serializes", e);
        }
    }

    /** A JSON string literal without its quotes: what a fragment of a string value looks like on the wire. */
    public static String escapeInString(String s) {
        String quoted = write(NODES.textNode(s));
        return quoted.substring(1, quoted.length() - 1);
    }
}
