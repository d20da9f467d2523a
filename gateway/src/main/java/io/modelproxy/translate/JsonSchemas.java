package io.modelproxy.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Schema rewrites strict OpenAI structured output needs. */
public final class JsonSchemas {
    /** Keywords whose value is a schema or an array of schemas. */
    private static final List<String> SUBSCHEMAS = List.of("items", "prefixItems", "additionalItems", "contains",
            "anyOf", "oneOf", "allOf", "not", "if", "then", "else");
    /** Keywords whose value maps names to schemas. */
    private static final List<String> SCHEMA_MAPS = List.of("$defs", "definitions", "patternProperties");

    private JsonSchemas() {}

    /**
     * A copy where every object schema is closed ({@code additionalProperties: false}) and lists all its
     * properties as required, recursively: what OpenAI strict mode demands and what Anthropic's
     * structured output guarantees anyway (TRANSLATION.md §1.1, case 56).
     */
    public static JsonNode closed(JsonNode schema) {
        if (schema == null) {
            return null;
        }
        JsonNode copy = schema.deepCopy();
        close(copy);
        return copy;
    }

    private static void close(JsonNode node) {
        if (node instanceof ArrayNode schemas) {
            schemas.forEach(JsonSchemas::close);
            return;
        }
        if (!(node instanceof ObjectNode schema)) {
            return;
        }
        if (schema.get("properties") instanceof ObjectNode properties) {
            schema.put("additionalProperties", false);
            ArrayNode required = schema.putArray("required");
            properties.fieldNames().forEachRemaining(required::add);
            properties.forEach(JsonSchemas::close);
        } else if ("object".equals(Json.text(schema, "type"))) {
            schema.put("additionalProperties", false);
        }
        SUBSCHEMAS.forEach(keyword -> close(schema.get(keyword)));
        SCHEMA_MAPS.forEach(keyword -> {
            if (schema.get(keyword) instanceof ObjectNode map) {
                map.forEach(JsonSchemas::close);
            }
        });
    }
}
