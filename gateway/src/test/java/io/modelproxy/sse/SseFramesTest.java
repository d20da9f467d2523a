package io.modelproxy.sse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseFramesTest {

    private static List<SseFrame> feedInPieces(String wire, int split) {
        byte[] all = wire.getBytes(StandardCharsets.UTF_8);
        SseFrames frames = new SseFrames();
        List<SseFrame> out = new ArrayList<>(frames.feed(Arrays.copyOfRange(all, 0, split)));
        out.addAll(frames.feed(Arrays.copyOfRange(all, split, all.length)));
        SseFrame tail = frames.finish();
        if (tail != null) {
            out.add(tail);
        }
        return out;
    }

    @Test
    void keepsEachFramesBytesAndParsesItsEventWhereverTheReadsSplit() {
        String wire = ": keep-alive\n\nevent: ping\ndata: {\"type\":\"ping\"}\n\ndata: {\"t\":\"\u00e9\"}\r\n\r\ndata: [DONE]\n\n";
        int crlfEnd = wire.substring(0, wire.indexOf("\r\n\r\n") + 3).getBytes(StandardCharsets.UTF_8).length;
        for (int split = 0; split <= wire.getBytes(StandardCharsets.UTF_8).length; split++) {
            List<SseFrame> frames = feedInPieces(wire, split);
            assertThat(frames).as("split %d", split).hasSize(4);
            assertThat(new String(frames.get(0).raw(), StandardCharsets.UTF_8)).isEqualTo(": keep-alive\n\n");
            assertThat(frames.get(0).event()).isNull();
            assertThat(frames.get(1).event()).isEqualTo(new SseEvent("ping", "{\"type\":\"ping\"}"));
            assertThat(frames.get(2).event()).isEqualTo(SseEvent.data("{\"t\":\"\u00e9\"}"));
            assertThat(frames.get(3).event().isDone()).isTrue();
            String joined = frames.stream().map(f -> new String(f.raw(), StandardCharsets.UTF_8)).reduce("", String::concat);
            // a read ending between a frame's final CR and LF sends the frame at once and drops that LF
            assertThat(joined).isEqualTo(split == crlfEnd ? wire.replace("\r\n\r\n", "\r\n\r") : wire);
        }
    }

    @Test
    void findsTheJsonOfASingleLineDataField() {
        SseFrame frame = feedInPieces("event: x\ndata: {\"a\":1}\n\n", 0).getFirst();
        int[] range = frame.dataRange();
        assertThat(new String(frame.raw(), range[0], range[1] - range[0], StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
        assertThat(feedInPieces("data: {\"a\":\ndata: 1}\n\n", 0).getFirst().dataRange()).isNull();
    }

    @Test
    void anUnterminatedLastFrameIsDeliveredAtTheEnd() {
        List<SseFrame> frames = feedInPieces("data: {\"a\":1}", 3);
        assertThat(frames).hasSize(1);
        assertThat(frames.getFirst().event()).isEqualTo(SseEvent.data("{\"a\":1}"));
    }

    @org.junit.jupiter.api.Test
    void aFrameThatNeverEndsFailsInsteadOfGrowingWithoutBound() {
        SseFrames frames = new SseFrames();
        byte[] chunk = new byte[1024 * 1024];
        Arrays.fill(chunk, (byte) 'x');
        frames.feed("data: ".getBytes(StandardCharsets.UTF_8));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
            for (int i = 0; i <= SseFrames.MAX_FRAME_BYTES / chunk.length; i++) {
                frames.feed(chunk);
            }
        }).isInstanceOf(OversizedFrameException.class);
    }

    @Test
    void readsTheEventNameAndDataOnTheBytesAsTheDecodedEventSeesThem() {
        String[] wires = {": ping\n\n", "data: [DONE]\n\n", "data:[DONE]\r\n\r\n", "event: message_start\ndata: {}\n\n",
            "event:x\nevent: y\ndata\n\n", "id: 1\ndata: a\ndata: b\n\n", "event: e\n\n", "data: [DONE] \n\n"};
        for (String wire : wires) {
            SseFrame frame = feedInPieces(wire, 0).getFirst();
            SseEvent event = SseFrames.event(frame.raw());
            assertThat(frame.hasData()).as(wire).isEqualTo(event != null);
            assertThat(frame.name()).as(wire).isEqualTo(event == null ? null : event.event());
            assertThat(frame.isDone()).as(wire).isEqualTo(event != null && event.isDone());
            assertThat(frame.named("message_start")).as(wire).isEqualTo(event != null && "message_start".equals(event.event()));
            assertThat(frame.event()).as(wire).isEqualTo(event);
        }
    }
}
