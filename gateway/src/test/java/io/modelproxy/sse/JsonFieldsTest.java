package io.modelproxy.sse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonFieldsTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String setModel(String json, String model) {
        return new String(JsonFields.withTopLevelString(bytes(json), "model", JsonFields.quoted(model)), StandardCharsets.UTF_8);
    }

    @Test
    void replacesOnlyTheTopLevelModelAndKeepsEverythingElseByteForByte() {
        String json = "{\"choices\":[{\"message\":{\"model\":\"inner\",\"content\":\"say \\\"model\\\": \\\"x\\\"\"}}],"
                + " \"usage\" : {\"model\":\"deep\"},\n \"model\" : \"gpt-up\", \"z\":[1,{\"a\":[]}]}";
        assertThat(setModel(json, "turbo")).isEqualTo(json.replace("\"gpt-up\"", "\"turbo\""));
    }

    @Test
    void insertsTheModelWhenTheObjectHasNone() {
        assertThat(setModel("{\"id\":\"x\"}", "m")).isEqualTo("{\"model\":\"m\",\"id\":\"x\"}");
        assertThat(setModel(" { } ", "m")).isEqualTo(" {\"model\":\"m\" } ");
    }

    @Test
    void quotesModelIdsThatNeedEscaping() {
        assertThat(setModel("{\"model\":\"a\"}", "we\"ird/\u00e9")).isEqualTo("{\"model\":\"we\\\"ird/\u00e9\"}");
    }

    @Test
    void findsNestedStringsAndNumbersWithinARange() {
        byte[] frame = bytes("data: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"model\":\"claude-up\"},\"sequence_number\":17}\n\n");
        int from = 6;
        int to = frame.length - 2;
        JsonFields.Span span = JsonFields.findString(frame, from, to, "message", "model");
        assertThat(new String(frame, span.start(), span.end() - span.start(), StandardCharsets.UTF_8)).isEqualTo("\"claude-up\"");
        assertThat(JsonFields.findLong(frame, from, to, "sequence_number")).isEqualTo(17);
        assertThat(JsonFields.findString(frame, from, to, "model")).isNull();
    }

    @Test
    void malformedInputIsLeftAlone() {
        for (String bad : new String[] {"", "[1]", "{\"model\":", "{\"model\" \"x\"}", "{\"a\":\"unterminated",
                "{\"a\":1 \"b\":2}", "{\"model\":5}", "{\"a\":{\"b\":[1,2}"}) {
            assertThat(setModel(bad, "m")).as(bad).isEqualTo(bad);
            assertThat(JsonFields.find(bytes(bad), 0, bad.length(), "model", "x")).as(bad).isNull();
        }
    }

    @Test
    void findsFieldsWhateverTheWhitespace() {
        for (String json : new String[] {"{\"type\":\"t\",\"sequence_number\":3,\"message\":{\"model\":\"m\"}}",
                "{ \"type\" : \"t\" , \"sequence_number\" : 3 , \"message\" : { \"model\" : \"m\" } }",
                "{\n\t\"type\":\r\n\"t\",\n\"sequence_number\":\t3,\n\"message\":\n{\n\"model\":\n\"m\"\n}\n}"}) {
            byte[] b = bytes(json);
            JsonFields.Span type = JsonFields.findString(b, 0, b.length, "type");
            assertThat(new String(b, type.start(), type.end() - type.start(), StandardCharsets.UTF_8)).as(json).isEqualTo("\"t\"");
            assertThat(JsonFields.findLong(b, 0, b.length, "sequence_number")).as(json).isEqualTo(3);
            assertThat(JsonFields.findString(b, 0, b.length, "message", "model")).as(json).isNotNull();
            assertThat(setModel(json, "x")).as(json).contains("\"model\":\"x\"");
        }
    }

    /** Every member with its depth and its value (a container by its first byte), as the walk reports them. */
    private static List<String> members(String json) {
        byte[] b = bytes(json);
        List<String> out = new ArrayList<>();
        boolean readable = JsonFields.walk(b, 0, b.length, (depth, keyStart, keyEnd, valueStart, valueEnd) -> {
            String value = valueEnd < 0 ? String.valueOf((char) b[valueStart])
                    : new String(b, valueStart, valueEnd - valueStart, StandardCharsets.UTF_8);
            out.add(depth + ":" + new String(b, keyStart, keyEnd - keyStart, StandardCharsets.UTF_8) + "=" + value);
            return true;
        });
        if (!readable) {
            out.add("malformed");
        }
        return out;
    }

    @Test
    void walksEveryMemberAtAnyDepthWhateverTheWhitespace() {
        for (String json : new String[] {"{\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}],\"n\":1}",
                "{\"choices\": [ {\"delta\": { }, \"finish_reason\": \"stop\"} ], \"n\": 1}",
                " {\r\n\"choices\"\n:\t[\n{\"delta\":{\n},\"finish_reason\"\n:\t\"stop\"}\n]\n,\"n\":1 } "}) {
            assertThat(members(json)).as(json).containsExactly("1:choices=[", "3:delta={", "3:finish_reason=\"stop\"",
                    "1:n=1");
        }
    }

    @Test
    void theWalkTakesNothingInsideAStringForAKey() {
        assertThat(members("{\"choices\":[{\"delta\":{\"content\":\"say \\\"finish_reason\\\": \\\"stop\\\"\"}}]}"))
                .containsExactly("1:choices=[", "3:delta={", "4:content=\"say \\\"finish_reason\\\": \\\"stop\\\"\"");
        assertThat(members("{\"a\":[\"x\",[],{},[1,{\"b\":null}]],\"c\":\"}\"}"))
                .containsExactly("1:a=[", "4:b=null", "1:c=\"}\"");
    }

    @Test
    void theWalkSaysWhenTheBytesAreNoReadableObject() {
        assertThat(members("[1]")).containsExactly("malformed");
        assertThat(members("{\"a\":1,")).containsExactly("1:a=1", "malformed");
        assertThat(members("{\"a\":[1}")).containsExactly("1:a=[", "malformed");
        assertThat(members("{\"a\" 1}")).containsExactly("malformed");
    }
}
