package io.modelproxy.bench;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.Server;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An OpenAI Chat upstream whose streams never end: each answers its first chunk, then only an SSE
 * comment every {@link #PING} (inside the gateway's idle-gap timeout), until {@link #close()}.
 */
final class IdleUpstream implements AutoCloseable {
    static final Duration PING = Duration.ofSeconds(15);
    private static final HttpData FIRST = HttpData.ofUtf8("data: {\"id\":\"chatcmpl-idle\",\"object\":\"chat.completion.chunk\","
            + "\"created\":1,\"model\":\"gpt-5-nano\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hi\"},"
            + "\"finish_reason\":null}]}\n\n");
    private static final HttpData COMMENT = HttpData.ofUtf8(": idle\n\n");

    private final Server server;
    private final Set<HttpResponseWriter> open = ConcurrentHashMap.newKeySet();

    IdleUpstream() {
        server = Server.builder()
                .http(new InetSocketAddress(Loopback.HOST, 0))
                .idleTimeoutMillis(0)
                .requestTimeoutMillis(0)
                .service("/v1/chat/completions", (ctx, req) -> {
                    HttpResponseWriter stream = HttpResponse.streaming();
                    stream.write(ResponseHeaders.of(HttpStatus.OK, com.linecorp.armeria.common.HttpHeaderNames.CONTENT_TYPE,
                            MediaType.EVENT_STREAM));
                    stream.write(FIRST);
                    open.add(stream);
                    stream.whenComplete().handle((v, e) -> open.remove(stream));
                    var ping = ctx.eventLoop().scheduleAtFixedRate(() -> stream.tryWrite(COMMENT),
                            PING.toMillis(), PING.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                    stream.whenComplete().handle((v, e) -> ping.cancel(false));
                    return stream;
                })
                .build();
        server.start().join();
    }

    String baseUrl() {
        return "http://" + Loopback.HOST + ":" + server.activeLocalPort() + "/v1";
    }

    @Override
    public void close() {
        open.forEach(HttpResponseWriter::close);
        server.stop().join();
    }
}
