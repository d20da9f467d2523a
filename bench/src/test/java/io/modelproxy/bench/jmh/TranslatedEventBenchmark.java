package io.modelproxy.bench.jmh;

import io.modelproxy.api.Dialect;
import io.modelproxy.bench.Payloads;
import io.modelproxy.dialect.Dialects;
import io.modelproxy.requestlog.RequestTrace;
import io.modelproxy.sse.SseFrame;
import io.modelproxy.stream.TranslatedStream;
import io.modelproxy.translate.ClientStream;
import io.modelproxy.translate.UpstreamTarget;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The translated stream's per-event cost: a Chat upstream's chunks turned into an Anthropic client's
 * events, as the relay does once a stream committed. {@code oneTextDelta} is one content chunk in the
 * middle of an answer (one decode, one {@code content_block_delta} encoded); {@code wholeStream} is
 * the recorded 50-chunk answer plus {@code [DONE]} through a new translator, per frame (block starts,
 * {@code message_delta} and {@code message_stop} included). Run with {@code ./scripts/jmh TranslatedEvent}.
 */
public class TranslatedEventBenchmark extends HotPathBenchmark {
    private static final UpstreamTarget TARGET = new UpstreamTarget("my-model", "gpt-5-nano", 4096, null);

    private final Dialects dialects = Dialects.standard();
    private List<byte[]> frames;
    private byte[] textChunk;
    private ClientStream midStream;

    @Setup
    public void load() {
        frames = Payloads.bundled().streamEvents();
        if (frames.size() != SseFramingBenchmark.FRAMES) {
            throw new IllegalStateException("the recorded stream has " + frames.size() + " frames");
        }
        // the role chunk and the first text chunk open the message and its text block
        midStream = translated();
        midStream.onFrame(new SseFrame(frames.get(0)));
        midStream.onFrame(new SseFrame(frames.get(1)));
        textChunk = frames.get(2);
    }

    private ClientStream translated() {
        return new TranslatedStream(dialects.between(Dialect.AnthropicMessages, Dialect.OpenAIChat).stream(TARGET), RequestTrace.detached());
    }

    /** A frame as the relay's framing hands it over: nothing decoded yet. */
    @Benchmark
    public byte[] oneTextDelta() {
        return midStream.onFrame(new SseFrame(textChunk));
    }

    @Benchmark
    @OperationsPerInvocation(SseFramingBenchmark.FRAMES)
    public void wholeStream(Blackhole sink) {
        ClientStream client = translated();
        for (byte[] raw : frames) {
            sink.consume(client.onFrame(new SseFrame(raw)));
        }
        sink.consume(client.onComplete());
    }
}
