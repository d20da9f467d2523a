package io.modelproxy.bench.jmh;

import io.modelproxy.requestlog.RequestTrace;
import io.modelproxy.bench.Payloads;
import io.modelproxy.dialect.chat.ChatWire;
import io.modelproxy.sse.JsonFields;
import io.modelproxy.sse.SseFrame;
import io.modelproxy.sse.SseFrames;
import io.modelproxy.translate.ClientStream;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The pass-through stream's per-frame cost: the recorded 50-chunk Chat answer (plus {@code [DONE]})
 * cut into frames by {@link SseFrames}, alone and with the client's model spliced into each chunk, as
 * the relay does. {@code reads} says how the answer arrives: in one read (a fast upstream or a burst)
 * or one read per frame (a dripping upstream). Figures are per frame. Run with {@code ./scripts/jmh}.
 */
@OperationsPerInvocation(SseFramingBenchmark.FRAMES)
public class SseFramingBenchmark extends HotPathBenchmark {
    static final int FRAMES = 51;
    private static final byte[] CLIENT_MODEL = JsonFields.quoted("my-model");

    @Param({"one", "perFrame"})
    public String reads;

    private byte[][] chunks;

    @Setup
    public void load() {
        Payloads payloads = Payloads.bundled();
        List<byte[]> events = payloads.streamEvents();
        if (events.size() != FRAMES) {
            throw new IllegalStateException("the recorded stream has " + events.size() + " frames, not " + FRAMES);
        }
        if (reads.equals("one")) {
            chunks = new byte[][] {payloads.streamBody()};
        } else {
            chunks = events.toArray(byte[][]::new);
        }
    }

    @Benchmark
    public void framing(Blackhole sink) {
        SseFrames frames = new SseFrames();
        for (byte[] chunk : chunks) {
            for (SseFrame frame : frames.feed(chunk)) {
                sink.consume(frame);
            }
        }
    }

    @Benchmark
    public void framingAndModelSplice(Blackhole sink) {
        SseFrames frames = new SseFrames();
        ClientStream client = new ChatWire().passThrough("my-model", CLIENT_MODEL, RequestTrace.detached(), false);
        for (byte[] chunk : chunks) {
            for (SseFrame frame : frames.feed(chunk)) {
                sink.consume(client.onFrame(frame));
            }
        }
        sink.consume(client.onComplete());
    }
}
