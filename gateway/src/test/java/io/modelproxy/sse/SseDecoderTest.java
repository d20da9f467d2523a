package io.modelproxy.sse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseDecoderTest {

    @Test
    void parsesNamedAndDataOnlyFramesAndSkipsComments() {
        SseDecoder d = new SseDecoder();
        List<SseEvent> events = d.feed(bytes(": OPENROUTER PROCESSING\n\nevent: ping\ndata: {\"type\":\"ping\"}\n\ndata: [DONE]\n\n"));
        assertThat(events).containsExactly(new SseEvent("ping", "{\"type\":\"ping\"}"), SseEvent.data("[DONE]"));
        assertThat(events.get(1).isDone()).isTrue();
    }

    @Test
    void crlfMultiLineDataAndSplitMultibyteCharacterGiveTheSameEvents() {
        String wire = "event: message\r\ndata: {\"text\":\r\ndata: \"h\u00e9llo \u4e16\u754c\"}\r\n\r\n";
        byte[] all = bytes(wire);
        List<SseEvent> whole = new SseDecoder().feed(all);
        assertThat(whole).containsExactly(new SseEvent("message", "{\"text\":\n\"h\u00e9llo \u4e16\u754c\"}"));

        for (int split = 1; split < all.length; split++) {
            SseDecoder d = new SseDecoder();
            List<SseEvent> got = new ArrayList<>(d.feed(all, 0, split));
            got.addAll(d.feed(all, split, all.length - split));
            assertThat(got).as("split at %d", split).isEqualTo(whole);
        }
    }

    @Test
    void finishFlushesAnUnterminatedLastEvent() {
        SseDecoder d = new SseDecoder();
        assertThat(d.feed(bytes("data: {\"a\":1}"))).isEmpty();
        assertThat(d.finish()).containsExactly(SseEvent.data("{\"a\":1}"));
    }

    @Test
    void encodesWhatItDecodes() {
        SseEvent e = new SseEvent("content_block_delta", "line1\nline2");
        assertThat(new String(e.toBytes(), StandardCharsets.UTF_8))
                .isEqualTo("event: content_block_delta\ndata: line1\ndata: line2\n\n");
        assertThat(new SseDecoder().feed(e.toBytes())).containsExactly(e);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
