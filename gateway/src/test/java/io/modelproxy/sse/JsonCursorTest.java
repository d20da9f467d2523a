package io.modelproxy.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonCursorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonCursor cursor(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return new JsonCursor(bytes, 0, bytes.length);
    }

    private static byte[] key(String k) {
        return k.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void readsTheMembersAskedForAndSkipsNestedValuesWhateverTheyHold() {
        JsonCursor c = cursor(" { \"skip\" : {\"a\":[1,{\"b\":\"}]\\\"\"}],\"c\":null} ,\"arr\":[ \"x\" , {\"k\":-12.5e3} , [] ],"
                + "\"n\":42,\"s\":\"tail\" } trailing");
        List<String> seen = new ArrayList<>();
        assertThat(c.enterObject()).isTrue();
        while (c.nextMember()) {
            if (c.keyIs(key("arr"))) {
                assertThat(c.enterArray()).isTrue();
                while (c.nextElement()) {
                    if (c.valueType() == '"') {
                        seen.add(c.string());
                    } else if (c.enterObject()) {
                        while (c.nextMember()) {
                            seen.add("k=" + c.intValue());
                        }
                    }
                }
            } else if (c.keyIs(key("n"))) {
                seen.add("n=" + c.intValue());
            } else if (c.keyIs(key("s"))) {
                seen.add(c.string());
            }
        }
        assertThat(seen).containsExactly("x", "k=-12", "n=42", "tail");
    }

    @Test
    void decodesEveryEscapeAsJacksonDoes() throws Exception {
        String literal = "\"plain \\\"q\\\" \\\\ \\/ \\b\\f\\n\\r\\t \\u00e9\\u4e2d \\ud83d\\ude00 é中😀\"";
        JsonCursor c = cursor("{\"v\":" + literal + "}");
        c.enterObject();
        c.nextMember();
        assertThat(c.string()).isEqualTo(JSON.readTree(literal).asText());
    }

    @Test
    void aValueOfAnotherTypeIsNoStringAndIsStillConsumed() {
        JsonCursor c = cursor("{\"a\":{\"x\":\"y\"},\"b\":true,\"c\":\"z\"}");
        c.enterObject();
        List<String> values = new ArrayList<>();
        while (c.nextMember()) {
            values.add(String.valueOf(c.string()));
        }
        assertThat(values).containsExactly("null", "null", "z");
    }

    @Test
    void malformedDocumentsAreReportedNotMisread() {
        for (String bad : List.of("{\"a\":1,}", "{\"a\" 1}", "{\"a\":1", "{\"a\":\"unterminated}", "{\"a\":[1 2]}", "{a:1}",
                "{\"a\":\"bad \\x escape\"}", "{\"a\":\"\\u12\"}")) {
            JsonCursor c = cursor(bad);
            assertThatThrownBy(() -> {
                c.enterObject();
                while (c.nextMember()) {
                    if (c.valueType() == '"') {
                        c.string();
                    } else if (c.enterArray()) {
                        while (c.nextElement()) {
                            c.skipValue();
                        }
                    }
                }
            }).as(bad).isInstanceOf(JsonCursor.Malformed.class);
        }
    }

    @Test
    void aDocumentThatIsNoObjectIsToldApart() {
        assertThat(cursor(" [1]").enterObject()).isFalse();
        assertThat(cursor("\"s\"").enterObject()).isFalse();
        assertThatThrownBy(() -> cursor("   ").enterObject()).isInstanceOf(JsonCursor.Malformed.class);
    }
}
