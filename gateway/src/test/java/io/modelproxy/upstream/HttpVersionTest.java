package io.modelproxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;
import io.modelproxy.api.Dialect;
import io.modelproxy.testing.ManifestGateway;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code Provider.spec.http.version} decides what goes on the wire to an {@code http://} upstream:
 * HTTP1 plain HTTP/1.1 requests with no HTTP/2 preface or upgrade, HTTP2 the HTTP/2 connection preface
 * first (prior knowledge, no HTTP/1.1 upgrade). Two raw sockets record the bytes each connection opens
 * with; an Armeria upstream shows an HTTP2 provider served over h2c.
 */
class HttpVersionTest {
    private static final String ANSWER = """
            {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"up","choices":[{"index":0,\
            "message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],\
            "usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}""";
    private static final String PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
    private static final RawUpstream http1 = new RawUpstream();
    private static final RawUpstream http2 = new RawUpstream();

    @RegisterExtension
    @Order(1)
    static final ProtocolRecorder armeria = new ProtocolRecorder();

    @RegisterExtension
    @Order(2)
    static final ManifestGateway gateway = new ManifestGateway(() ->
            provider("h1", http1.baseUrl(), "HTTP1") + ManifestGateway.model("m-h1", "h1", "up")
                    + provider("h2", http2.baseUrl(), "HTTP2") + ManifestGateway.model("m-h2", "h2", "up")
                    + provider("h2-armeria", armeria.httpUri() + "/v1", "HTTP2")
                    + ManifestGateway.model("m-h2-armeria", "h2-armeria", "up"));

    private static String provider(String name, String baseUrl, String version) {
        return ManifestGateway.provider(name, Dialect.OpenAIChat, baseUrl, "sk-" + name)
                .replace("  discovery: {enabled: false}\n", "  discovery: {enabled: false}\n  http: {version: " + version + "}\n");
    }

    @AfterAll
    static void close() throws IOException {
        http1.close();
        http2.close();
    }

    @Test
    void http1SendsPlainHttp11WithNoPrefaceOrUpgrade() {
        AggregatedHttpResponse res = gateway.post("/v1/chat/completions",
                "{\"model\":\"m-h1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(res.status().code()).isEqualTo(200);
        assertThat(res.contentUtf8()).contains("\"content\":\"ok\"");
        assertThat(http1.connections()).isNotEmpty().allSatisfy(opening -> {
            assertThat(opening).startsWith("POST /v1/chat/completions HTTP/1.1\r\n").doesNotContain("PRI * HTTP/2.0");
            String headers = opening.substring(0, opening.indexOf("\r\n\r\n")).toLowerCase(Locale.ROOT);
            assertThat(headers).doesNotContain("\r\nupgrade:", "\r\nhttp2-settings:", "\r\nconnection: upgrade");
        });
    }

    @Test
    void http2OpensWithThePrefaceNotAnUpgrade() {
        gateway.post("/v1/chat/completions", "{\"model\":\"m-h2\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(http2.connections()).isNotEmpty().allSatisfy(opening -> assertThat(opening).startsWith(PREFACE));
    }

    @Test
    void http2IsServedOverH2c() {
        AggregatedHttpResponse res = gateway.post("/v1/chat/completions",
                "{\"model\":\"m-h2-armeria\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(res.status().code()).isEqualTo(200);
        assertThat(res.contentUtf8()).contains("\"content\":\"ok\"");
        assertThat(armeria.protocols).containsOnly(SessionProtocol.H2C);
    }

    /** An Armeria upstream that records the protocol of each request. */
    static final class ProtocolRecorder extends ServerExtension {
        final List<SessionProtocol> protocols = new CopyOnWriteArrayList<>();

        @Override
        protected void configure(ServerBuilder sb) {
            sb.service("/v1/chat/completions", (ctx, req) -> {
                protocols.add(ctx.sessionProtocol());
                return HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, ANSWER);
            });
        }
    }

    /**
     * A bare TCP upstream on loopback: records what each connection opens with (up to the end of the first
     * request's headers, or the HTTP/2 preface) and answers an HTTP/1.1 request with {@link #ANSWER}, then
     * closes; anything else it closes at once.
     */
    static final class RawUpstream implements AutoCloseable {
        private final ServerSocket socket;
        private final ConcurrentLinkedQueue<String> openings = new ConcurrentLinkedQueue<>();

        RawUpstream() {
            try {
                socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket connection = socket.accept();
                        Thread.ofVirtual().start(() -> serve(connection));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        String baseUrl() {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/v1";
        }

        List<String> connections() {
            return List.copyOf(openings);
        }

        private void serve(Socket connection) {
            try (connection; InputStream in = connection.getInputStream(); OutputStream out = connection.getOutputStream()) {
                ByteArrayOutputStream seen = new ByteArrayOutputStream();
                int b;
                while ((b = in.read()) >= 0) {
                    seen.write(b);
                    String text = seen.toString(StandardCharsets.ISO_8859_1);
                    if (PREFACE.startsWith(text)) {
                        if (text.equals(PREFACE)) {
                            openings.add(text);
                            return;
                        }
                        continue;
                    }
                    int end = text.indexOf("\r\n\r\n");
                    if (end >= 0) {
                        openings.add(text);
                        int length = contentLength(text);
                        in.readNBytes(length);
                        byte[] body = ANSWER.getBytes(StandardCharsets.UTF_8);
                        out.write(("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: " + body.length
                                + "\r\nconnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                        out.write(body);
                        out.flush();
                        return;
                    }
                }
            } catch (IOException e) {
                // the gateway went away: nothing to record
            }
        }

        private static int contentLength(String headers) {
            for (String line : headers.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    return Integer.parseInt(line.substring("content-length:".length()).strip());
                }
            }
            return 0;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
