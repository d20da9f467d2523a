package io.modelproxy.translate;

import com.fasterxml.jackson.databind.JsonNode;

/** Structured output the client asked for (plain text is the absence of a format). */
public sealed interface OutputFormat {

    /** Any JSON object (OpenAI {@code json_object}). */
    record JsonObject() implements OutputFormat {}

    /** JSON matching {@code schema}; {@code strict} null when the client did not say. */
    record JsonSchema(String name, JsonNode schema, Boolean strict, String description) implements OutputFormat {}
}
