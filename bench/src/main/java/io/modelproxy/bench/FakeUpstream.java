package io.modelproxy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.stream.StreamMessage;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServiceRequestContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An OpenAI Chat upstream that costs almost nothing: {@code POST /v1/chat/completions} answers a fixed
 * completion, or the fixed 50-chunk SSE stream when the request says {@code "stream": true};
 * {@code GET /v1/models} lists one model. Every byte is prepared up front, and nothing waits unless a
 * chunk delay is asked for. A stream goes out as its {@link StreamPacing} says: each event in a write
 * of its own (dripped when there is a delay), or the whole answer in one write, as a fast upstream or
 * a burst after a stall delivers it.
 */
public final class FakeUpstream implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ResponseHeaders STREAM_HEADERS = ResponseHeaders.builder(HttpStatus.OK)
            .contentType(MediaType.parse("text/event-stream; charset=utf-8"))
            .build();
    /** A body that is not a JSON object means a proxy mangled it: say so the way OpenAI does. */
    private static final String BAD_REQUEST = "{\"error\":{\"message\":\"We could not parse the JSON body of your "
            + "request.\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}";

    private final Server server;

    private FakeUpstream(Server server) {
        this.server = server;
    }

    /**
     * Starts the upstream.
     *
     * @param host the address to bind (loopback)
     * @param port the port, 0 for any free one
     * @param pacing how the stream's events are written
     */
    public static FakeUpstream start(String host, int port, StreamPacing pacing) {
        Payloads payloads = Payloads.bundled();
        Answers answers = new Answers(payloads.streamEvents(), payloads.streamBody(), payloads.streamEventsWithUsage(),
                payloads.streamBodyWithUsage());
        Server server = Server.builder()
                .http(new InetSocketAddress(host, port))
                // nginx's and the gateway's upstream pools keep connections across the idle gaps between rounds
                .idleTimeoutMillis(0)
                .route().post("/v1/chat/completions")
                .build((ctx, req) -> HttpResponse.of(req.aggregate()
                        .thenApply(body -> answer(ctx, body, payloads, answers, pacing))))
                .route().get("/v1/models")
                .build((ctx, req) -> HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, payloads.models()))
                .build();
        server.start().join();
        return new FakeUpstream(server);
    }

    /** The bound port. */
    public int port() {
        return server.activeLocalPort();
    }

    /** Blocks until the server stops. */
    public void awaitTermination() {
        server.whenClosed().join();
    }

    @Override
    public void close() {
        server.stop().join();
    }

    /** Every stream answer, prepared once: without and with the usage chunk. */
    private record Answers(List<byte[]> events, byte[] body, List<byte[]> eventsWithUsage, byte[] bodyWithUsage) {}

    private static HttpResponse answer(ServiceRequestContext ctx, AggregatedHttpRequest request, Payloads payloads,
                                       Answers answers, StreamPacing pacing) {
        JsonNode body = json(request);
        if (!body.isObject()) {
            return HttpResponse.of(HttpStatus.BAD_REQUEST, MediaType.JSON_UTF_8, BAD_REQUEST);
        }
        if (!body.path("stream").asBoolean(false)) {
            return HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, payloads.completion());
        }
        boolean usage = body.path("stream_options").path("include_usage").asBoolean(false);
        if (pacing.oneWrite()) {
            // a stream without a length, as a real upstream sends it: one chunk
            return HttpResponse.of(STREAM_HEADERS, StreamMessage.of(HttpData.wrap(usage ? answers.bodyWithUsage() : answers.body())));
        }
        List<byte[]> events = usage ? answers.eventsWithUsage() : answers.events();
        Duration chunkDelay = pacing.chunkDelay();
        if (chunkDelay.isZero()) {
            return HttpResponse.of(STREAM_HEADERS, StreamMessage.of(events.stream().map(HttpData::wrap)
                    .toArray(HttpData[]::new)));
        }
        HttpResponseWriter writer = HttpResponse.streaming();
        writer.write(STREAM_HEADERS);
        writeFrom(ctx, writer, events, 0, chunkDelay.toNanos());
        return writer;
    }

    private static void writeFrom(ServiceRequestContext ctx, HttpResponseWriter writer, List<byte[]> events, int next,
                                  long delayNanos) {
        if (!writer.tryWrite(HttpData.wrap(events.get(next)))) {
            return;
        }
        if (next + 1 == events.size()) {
            writer.close();
            return;
        }
        ctx.eventLoop().schedule(() -> writeFrom(ctx, writer, events, next + 1, delayNanos),
                delayNanos, TimeUnit.NANOSECONDS);
    }

    private static JsonNode json(AggregatedHttpRequest request) {
        try {
            return JSON.readTree(request.content().array());
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }
}
