package io.modelproxy.sse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
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

    @Test
    void findsAStringMemberAtAnyDepthWhateverTheWhitespace() {
        for (String json : new String[] {"{\"choices\":[{\"finish_reason\":\"stop\"}]}",
                "{\"choices\": [ {\"finish_reason\": \"stop\"} ]}",
                "{\"choices\":[{\"finish_reason\"\n:\t\"stop\"}]}"}) {
            assertThat(JsonFields.hasStringMember(bytes(json), 0, json.length(), "finish_reason")).as(json).isTrue();
        }
        for (String json : new String[] {"{\"choices\":[{\"finish_reason\":null}]}",
                "{\"choices\":[{\"delta\":{\"content\":\"say \\\"finish_reason\\\": \\\"stop\\\"\"}}]}",
                "{\"choices\":[{\"delta\":{\"content\":\"finish_reason\"}}]}"}) {
            assertThat(JsonFields.hasStringMember(bytes(json), 0, json.length(), "finish_reason")).as(json).isFalse();
        }
    }
}
