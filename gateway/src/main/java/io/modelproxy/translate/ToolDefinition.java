package io.modelproxy.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A function the model may call.
 *
 * @param parameters JSON schema of the arguments, never null
 * @param strict true/false when the client said so, null when it did not
 * @param freeform an OpenAI Responses custom tool taking free text: other dialects see a function
 *     with one string argument {@value #FREEFORM_ARGUMENT}
 */
public record ToolDefinition(String name, String description, JsonNode parameters, Boolean strict, boolean freeform) {
    public static final String FREEFORM_ARGUMENT = "input";

    /** The schema of a tool that takes no arguments, for definitions that omit one (§1.4). */
    public static ObjectNode emptyParameters() {
        ObjectNode schema = Json.object().put("type", "object");
        schema.putObject("properties");
        return schema;
    }

    /** The schema of a free-text tool seen as a function: one required string {@value #FREEFORM_ARGUMENT}. */
    public static ObjectNode freeformParameters() {
        ObjectNode schema = Json.object().put("type", "object");
        schema.putObject("properties").putObject(FREEFORM_ARGUMENT).put("type", "string");
        schema.putArray("required").add(FREEFORM_ARGUMENT);
        return schema;
    }
}
