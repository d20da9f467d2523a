package io.modelproxy.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed reads of the fields of a client's request that a translation carries over. A field of the
 * wrong type is the client's mistake, answered with a 400 naming it, as the client's own API would:
 * read leniently it would be dropped and the upstream would answer something the client did not ask
 * for. A field that is absent or JSON {@code null} is not set.
 */
public final class RequestFields {
    private RequestFields() {}

    /** The field as an int; a number with a fraction, or out of the int range, is not one. */
    public static Integer integer(JsonNode body, String field) throws TranslationException {
        JsonNode v = present(body, field);
        if (v == null) {
            return null;
        }
        if (v.isIntegralNumber() && v.canConvertToInt()) {
            return v.intValue();
        }
        if (v.isFloatingPointNumber() && v.doubleValue() == Math.rint(v.doubleValue()) && v.canConvertToInt()) {
            return v.intValue();
        }
        throw wrongType(field, "an integer", v);
    }

    /** As {@link #integer} for a field that must be at least {@code min} (a token budget of 0 means nothing). */
    public static Integer integerAtLeast(JsonNode body, String field, int min) throws TranslationException {
        Integer v = integer(body, field);
        if (v != null && v < min) {
            throw new TranslationException(ApiError.invalidRequest(
                    "`" + field + "` must be at least " + min + ", got " + v, field));
        }
        return v;
    }

    public static Double number(JsonNode body, String field) throws TranslationException {
        JsonNode v = present(body, field);
        if (v == null) {
            return null;
        }
        if (!v.isNumber()) {
            throw wrongType(field, "a number", v);
        }
        return v.doubleValue();
    }

    public static Boolean bool(JsonNode body, String field) throws TranslationException {
        JsonNode v = present(body, field);
        if (v == null) {
            return null;
        }
        if (!v.isBoolean()) {
            throw wrongType(field, "a boolean", v);
        }
        return v.booleanValue();
    }

    public static String string(JsonNode body, String field) throws TranslationException {
        JsonNode v = present(body, field);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw wrongType(field, "a string", v);
        }
        return v.textValue();
    }

    public static ObjectNode object(JsonNode body, String field) throws TranslationException {
        JsonNode v = present(body, field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof ObjectNode o)) {
            throw wrongType(field, "an object", v);
        }
        return o;
    }

    /** The field's elements, each an object; empty when the field is absent. */
    public static List<JsonNode> objects(JsonNode body, String field) throws TranslationException {
        JsonNode v = present(body, field);
        if (v == null) {
            return List.of();
        }
        if (!v.isArray()) {
            throw wrongType(field, "an array", v);
        }
        List<JsonNode> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isObject()) {
                throw new TranslationException(ApiError.invalidRequest(
                        "`" + field + "[" + i + "]` must be an object, got " + kind(v.get(i)), field));
            }
            out.add(v.get(i));
        }
        return out;
    }

    /** As {@link #objects} for a field the request cannot do without: at least one element. */
    public static List<JsonNode> requiredObjects(JsonNode body, String field) throws TranslationException {
        if (present(body, field) == null) {
            throw new TranslationException(ApiError.invalidRequest("`" + field + "` is required", field));
        }
        List<JsonNode> out = objects(body, field);
        if (out.isEmpty()) {
            throw new TranslationException(ApiError.invalidRequest(
                    "`" + field + "` must hold at least one element", field));
        }
        return out;
    }

    /** The field's elements, each a string; empty when the field is absent. */
    public static List<String> strings(JsonNode body, String field) throws TranslationException {
        JsonNode v = present(body, field);
        if (v == null) {
            return List.of();
        }
        if (!v.isArray()) {
            throw wrongType(field, "an array of strings", v);
        }
        List<String> out = new ArrayList<>(v.size());
        for (JsonNode item : v) {
            if (!item.isTextual()) {
                throw wrongType(field, "an array of strings", item);
            }
            out.add(item.textValue());
        }
        return out;
    }

    private static JsonNode present(JsonNode body, String field) {
        JsonNode v = body == null ? null : body.get(field);
        return v == null || v.isNull() ? null : v;
    }

    private static TranslationException wrongType(String field, String expected, JsonNode actual) {
        return new TranslationException(ApiError.invalidRequest(
                "`" + field + "` must be " + expected + ", got " + kind(actual), field));
    }

    private static String kind(JsonNode v) {
        return switch (v.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> "null";
        };
    }
}
