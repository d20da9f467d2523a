package io.modelproxy.sse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How {@link SseFrames} reads the event of each frame. */
class SseEventParsingTest {

    /** The events of one read, fed after the reads before it. */
    private static List<SseEvent> feed(SseFrames frames, byte[] bytes, int offset, int length) {
        List<SseEvent> out = new ArrayList<>();
        for (SseFrame f : frames.feed(Arrays.copyOfRange(bytes, offset, offset + length))) {
            if (f.event() != null) {
                out.add(f.event());
            }
        }
        return out;
    }


    @Test
    void parsesNamedAndDataOnlyFramesAndSkipsComments() {
        List<SseEvent> events = SseFrames.events(bytes(": OPENROUTER PROCESSING\n\nevent: ping\ndata: {\"type\":\"ping\"}\n\ndata: [DONE]\n\n"));
        assertThat(events).containsExactly(new SseEvent("ping", "{\"type\":\"ping\"}"), SseEvent.data("[DONE]"));
        assertThat(events.get(1).isDone()).isTrue();
    }

    @Test
    void crlfMultiLineDataAndSplitMultibyteCharacterGiveTheSameEvents() {
        String wire = "event: message\r\ndata: {\"text\":\r\ndata: \"h\u00e9llo \u4e16\u754c\"}\r\n\r\n";
        byte[] all = bytes(wire);
        List<SseEvent> whole = SseFrames.events(all);
        assertThat(whole).containsExactly(new SseEvent("message", "{\"text\":\n\"h\u00e9llo \u4e16\u754c\"}"));

        for (int split = 1; split < all.length; split++) {
            SseFrames d = new SseFrames();
            List<SseEvent> got = new ArrayList<>(feed(d, all, 0, split));
            got.addAll(feed(d, all, split, all.length - split));
            assertThat(got).as("split at %d", split).isEqualTo(whole);
        }
    }

    @Test
    void finishFlushesAnUnterminatedLastEvent() {
        SseFrames d = new SseFrames();
        byte[] unterminated = bytes("data: {\"a\":1}");
        assertThat(feed(d, unterminated, 0, unterminated.length)).isEmpty();
        assertThat(d.finish().event()).isEqualTo(SseEvent.data("{\"a\":1}"));
    }

    @Test
    void encodesWhatItDecodes() {
        SseEvent e = new SseEvent("content_block_delta", "line1\nline2");
        assertThat(new String(e.toBytes(), StandardCharsets.UTF_8))
                .isEqualTo("event: content_block_delta\ndata: line1\ndata: line2\n\n");
        assertThat(SseFrames.events(e.toBytes())).containsExactly(e);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
