package io.modelproxy.sse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SseEventWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void writesTheSameBytesAsATreeSerialisedByJackson() throws Exception {
        SseEventWriter writer = new SseEventWriter();
        StringBuilder every = new StringBuilder();
        for (char c = 0; c < 0x80; c++) {
            every.append(c);
        }
        for (String text : new String[] {"", "Hi", "say \"x\" \\ /", every.toString(), "é中😀 \u2028 \u007f", "x".repeat(10_000)}) {
            ObjectNode tree = JSON.createObjectNode().put("type", "text_delta").put("index", 12).put("text", text);
            SseEvent event = writer.begin("content_block_delta").ascii(ascii("{\"type\":\"text_delta\",\"index\":")).number(12)
                    .ascii(ascii(",\"text\":")).string(text).ascii(ascii("}")).end();
            String expected = JSON.writeValueAsString(tree);
            assertThat(event.data()).isEqualTo(expected);
            assertThat(event.event()).isEqualTo("content_block_delta");
            assertThat(new String(event.toBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("event: content_block_delta\ndata: " + expected + "\n\n");
            assertThat(event).isEqualTo(new SseEvent("content_block_delta", expected));
        }
    }

    @Test
    void eachEventOwnsItsBytesAndADataOnlyEventHasNoName() {
        SseEventWriter writer = new SseEventWriter();
        SseEvent first = writer.begin(null).ascii(ascii("{\"n\":")).number(1).ascii(ascii("}")).end();
        SseEvent second = writer.begin(null).ascii(ascii("{\"n\":")).number(1234567890123L).ascii(ascii("}")).end();
        assertThat(new String(first.toBytes(), StandardCharsets.UTF_8)).isEqualTo("data: {\"n\":1}\n\n");
        assertThat(new String(second.toBytes(), StandardCharsets.UTF_8)).isEqualTo("data: {\"n\":1234567890123}\n\n");
        assertThat(first.event()).isNull();
    }
}
