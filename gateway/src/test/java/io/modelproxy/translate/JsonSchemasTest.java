package io.modelproxy.translate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class JsonSchemasTest {

    @Test
    void closesEveryObjectSchemaRecursivelyWithoutTouchingTheInput() {
        JsonNode schema = Json.parse("""
                {"type":"object","properties":{"a":{"type":"string"},
                 "list":{"type":"array","items":{"type":"object","properties":{"b":{"type":"integer"}}}},
                 "any":{"anyOf":[{"type":"object","properties":{"c":{"type":"string"}}},{"type":"null"}]},
                 "enum":{"enum":[{"type":"object"}]},
                 "properties":{"type":"object","properties":{"title":{"type":"string"}}}},
                 "$defs":{"d":{"type":"object","properties":{"e":{"type":"string"}}}}}""");
        String before = schema.toString();
        JsonNode closed = JsonSchemas.closed(schema);
        assertThat(schema.toString()).isEqualTo(before);
        assertThat(closed.at("/additionalProperties").asBoolean(true)).isFalse();
        assertThat(closed.at("/required").toString()).isEqualTo("[\"a\",\"list\",\"any\",\"enum\",\"properties\"]");
        assertThat(closed.at("/properties/list/items/required").toString()).isEqualTo("[\"b\"]");
        assertThat(closed.at("/properties/any/anyOf/0/additionalProperties").asBoolean(true)).isFalse();
        assertThat(closed.at("/$defs/d/required").toString()).isEqualTo("[\"e\"]");
        assertThat(closed.at("/properties/enum/enum/0").toString()).isEqualTo("{\"type\":\"object\"}");
        // a property named "properties" is a schema, not a keyword
        assertThat(closed.at("/properties/properties/required").toString()).isEqualTo("[\"title\"]");
        assertThat(closed.at("/properties").has("additionalProperties")).isFalse();
    }
}
