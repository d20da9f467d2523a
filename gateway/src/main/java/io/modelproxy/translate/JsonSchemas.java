package io.modelproxy.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Schema rewrites strict OpenAI structured output needs. */
public final class JsonSchemas {
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
        if (node instanceof ArrayNode array) {
            array.forEach(JsonSchemas::close);
            return;
        }
        if (!(node instanceof ObjectNode o)) {
            return;
        }
        JsonNode properties = o.get("properties");
        if (properties instanceof ObjectNode props) {
            o.put("additionalProperties", false);
            ArrayNode required = o.putArray("required");
            props.fieldNames().forEachRemaining(required::add);
        } else if (isObjectType(o)) {
            o.put("additionalProperties", false);
        }
        List<JsonNode> children = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : o.properties()) {
            if (!"required".equals(e.getKey()) && !"enum".equals(e.getKey()) && !"const".equals(e.getKey())) {
                children.add(e.getValue());
            }
        }
        if (properties instanceof ObjectNode props) {
            props.forEach(children::add);
        }
        children.forEach(JsonSchemas::close);
    }

    private static boolean isObjectType(ObjectNode o) {
        JsonNode type = o.get("type");
        return type != null && "object".equals(type.asText());
    }
}
