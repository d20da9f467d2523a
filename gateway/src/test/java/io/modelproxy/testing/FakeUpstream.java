package io.modelproxy.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A fake provider on loopback: records every request (path, headers, body) and answers with whatever
 * the test sets. Register one per role with {@code @RegisterExtension @Order(n)}.
 */
public final class FakeUpstream extends ServerExtension {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request the fake received; {@code bytes} is the body as it came (an upload is not UTF-8). */
    public record Call(String path, RequestHeaders headers, String body, byte[] bytes) {
        /** The key the gateway sent: the bearer token, else x-api-key. */
        public String key() {
            String auth = headers.get(HttpHeaderNames.AUTHORIZATION);
            if (auth != null) {
                return auth.startsWith("Bearer ") ? auth.substring(7) : auth;
            }
            return headers.get("x-api-key");
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The {@code model} of the request body. */
        public String model() {
            return json().path("model").asText();
        }
    }

    private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
    private volatile Function<Call, HttpResponse> handler = FakeUpstream::notFound;

    @Override
    protected void configure(ServerBuilder sb) {
        sb.requestTimeoutMillis(0);
        sb.serviceUnder("/", (ctx, req) -> HttpResponse.of(req.aggregate().thenApply(agg -> {
            Call call = new Call(ctx.path(), agg.headers(), agg.contentUtf8(), agg.content().array());
            calls.add(call);
            return handler.apply(call);
        })));
    }

    /** The provider base URL as a config names it ({@code http://127.0.0.1:port/v1}). */
    public String baseUrl() {
        return httpUri().toString() + "/v1";
    }

    public void answer(Function<Call, HttpResponse> handler) {
        this.handler = handler;
    }

    public List<Call> calls() {
        return new ArrayList<>(calls);
    }

    /** The calls to one path, e.g. {@code /v1/chat/completions}. */
    public List<Call> calls(String path) {
        return calls.stream().filter(c -> c.path().equals(path)).toList();
    }

    public void reset() {
        calls.clear();
        handler = FakeUpstream::notFound;
    }

    private static HttpResponse notFound(Call call) {
        return json(404, "{\"error\":{\"message\":\"no handler for " + call.path() + "\",\"type\":\"invalid_request_error\"}}");
    }

    /**
     * The answer, or the 400 a real provider gives a request it refuses when {@code checks} (see
     * {@link ProviderChecks}) find the request invalid; the client then sees why.
     */
    public static HttpResponse checked(Call call, Consumer<JsonNode> checks, Supplier<HttpResponse> answer) {
        try {
            checks.accept(call.json());
        } catch (AssertionError e) {
            ObjectNode error = JSON.createObjectNode();
            error.putObject("error").put("message", "invalid request: " + e.getMessage()).put("type", "invalid_request_error")
                    .putNull("param").putNull("code");
            return json(400, error.toString());
        }
        return answer.get();
    }

    public static HttpResponse json(int status, String body) {
        return HttpResponse.of(HttpStatus.valueOf(status), MediaType.JSON_UTF_8, body);
    }

    /** A JSON answer with extra headers, e.g. Retry-After. */
    public static HttpResponse json(int status, String body, String header, String value) {
        return HttpResponse.of(ResponseHeaders.builder(status).contentType(MediaType.JSON_UTF_8).set(header, value).build(),
                HttpData.ofUtf8(body));
    }

    /** A whole SSE body. */
    public static HttpResponse sse(String body) {
        return HttpResponse.of(HttpStatus.OK, MediaType.EVENT_STREAM, body);
    }

    /** SSE frames, then the stream is cut (reset) instead of ending. */
    public static HttpResponse sseThenCut(String... frames) {
        HttpResponseWriter w = HttpResponse.streaming();
        w.write(ResponseHeaders.of(HttpStatus.OK, HttpHeaderNames.CONTENT_TYPE, MediaType.EVENT_STREAM));
        for (String f : frames) {
            w.write(HttpData.ofUtf8(f));
        }
        w.whenConsumed().thenRun(() -> w.abort(new IllegalStateException("cut")));
        return w;
    }

    /** SSE frames, then nothing more: the stream stays open and silent (until the gateway gives up). */
    public static HttpResponse sseThenSilence(String frames) {
        HttpResponseWriter w = HttpResponse.streaming();
        w.write(ResponseHeaders.of(HttpStatus.OK, HttpHeaderNames.CONTENT_TYPE, MediaType.EVENT_STREAM));
        w.write(HttpData.ofUtf8(frames));
        return w;
    }

    /** Never answers (until the gateway gives up and resets the request). */
    public static HttpResponse silence() {
        return HttpResponse.streaming();
    }
}
