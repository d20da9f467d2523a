package io.modelproxy.bench.jmh;

import io.modelproxy.api.Dialect;
import io.modelproxy.dialect.Dialects;
import io.modelproxy.requestlog.RequestTrace;
import io.modelproxy.sse.SseFrame;
import io.modelproxy.stream.TranslatedStream;
import io.modelproxy.translate.ClientStream;
import io.modelproxy.translate.UpstreamTarget;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The translated stream's per-event cost the other way round from {@link TranslatedEventBenchmark}: an
 * Anthropic upstream's events (message_start, a text block of 48 deltas, message_delta, message_stop,
 * in the shape Anthropic's API documents) turned into a Chat or a Responses client's, per upstream
 * frame, through a new translator each time (Codex CLI or a Chat client on Claude). Run with
 * {@code ./scripts/jmh TranslatedFromAnthropic}.
 */
public class TranslatedFromAnthropicBenchmark extends HotPathBenchmark {
    private static final UpstreamTarget TARGET = new UpstreamTarget("my-model", "claude-x", 4096, null);
    private static final int FRAMES = 53;

    @Param({"OpenAIChat", "OpenAIResponses"})
    public String client;

    private final Dialects dialects = Dialects.standard();
    private List<byte[]> frames;

    private static byte[] event(String name, String data) {
        return ("event: " + name + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    @Setup
    public void load() {
        frames = new ArrayList<>();
        frames.add(event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_01\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-x\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":25,\"output_tokens\":1}}}"));
        frames.add(event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
        for (int i = 0; i < 48; i++) {
            frames.add(event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\" word" + i + "\"}}"));
        }
        frames.add(event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
        frames.add(event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":50}}"));
        frames.add(event("message_stop", "{\"type\":\"message_stop\"}"));
        if (frames.size() != FRAMES) {
            throw new IllegalStateException("the stream has " + frames.size() + " frames");
        }
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void wholeStream(Blackhole sink) {
        ClientStream stream = new TranslatedStream(dialects.between(Dialect.valueOf(client), Dialect.AnthropicMessages).stream(TARGET),
                RequestTrace.detached());
        for (byte[] raw : frames) {
            sink.consume(stream.onFrame(new SseFrame(raw)));
        }
        sink.consume(stream.onComplete());
    }
}
