package io.modelproxy.translate;

import com.fasterxml.jackson.databind.JsonNode;

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
}
