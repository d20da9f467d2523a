package io.modelproxy.attempt;

import io.modelproxy.request.ClientRequest;
import io.modelproxy.stream.StreamRelay;
import io.modelproxy.stream.Outcome;
import io.modelproxy.stream.UpstreamTimeoutException;
import io.modelproxy.dialect.Dialects;
import io.modelproxy.translate.ClientStream;
import io.modelproxy.translate.Json;
import java.nio.charset.StandardCharsets;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.client.RequestOptions;
import com.linecorp.armeria.client.ResponseTimeoutException;
import com.linecorp.armeria.client.UnprocessedRequestException;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.ContentTooLargeException;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.SplitHttpResponse;
import com.linecorp.armeria.common.stream.StreamMessage;
import com.linecorp.armeria.common.util.Exceptions;
import io.modelproxy.api.Dialect;
import io.modelproxy.sse.JsonFields;
import io.modelproxy.translate.ApiError;
import io.modelproxy.routing.Route;
import io.modelproxy.translate.ExchangeTranslator;
import io.modelproxy.translate.TranslationException;
import io.modelproxy.translate.UpstreamTarget;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt: one request to one route with one key. Completes with an {@link Outcome} at the commit
 * point (a whole JSON answer; the first content frame of a stream) or with the failure before it.
 * Until the first byte arrives a timer may abort it, which the attempt loop treats as a fall-back.
 */
public final class UpstreamCall {
    private static final Logger log = LoggerFactory.getLogger(UpstreamCall.class);
    /** JSON answers are read whole to rewrite them; this caps a misbehaving upstream. */
    private static final long MAX_JSON_BYTES = 256L * 1024 * 1024;
    /** Streams have no overall deadline (the first-byte timer guards their start) and no size cap. */
    private static final RequestOptions STREAM_OPTIONS = RequestOptions.builder().responseTimeoutMillis(0).maxResponseLength(0).build();

    private final EventExecutor eventLoop;
    private final Route route;
    private final int attempt;
    private final Dialects dialects;
    private final ExchangeTranslator translator;
    private final UpstreamTarget target;
    private final Supplier<ClientStream> streams;
    private final byte[] quotedClientModel;
    private final AtomicBoolean firstByte = new AtomicBoolean();
    private byte[] requestBody;
    private HttpResponse response;
    private ScheduledFuture<?> timer;

    /** @param quotedClientModel the model id the client's answer carries, JSON-quoted; null to leave the answer's alone */
    UpstreamCall(EventExecutor eventLoop, Dialects dialects, Route route, int attempt, ExchangeTranslator translator,
            UpstreamTarget target, Supplier<ClientStream> streams, byte[] quotedClientModel) {
        this.eventLoop = eventLoop;
        this.dialects = dialects;
        this.route = route;
        this.attempt = attempt;
        this.translator = translator;
        this.target = target;
        this.streams = streams;
        this.quotedClientModel = quotedClientModel;
    }

    /**
     * @param body the request body, in one or more pieces (views of an upload the gateway holds once)
     * @param replayable a whole answer to a stream request may be replayed as the stream of its dialect
     *     (a generation: the body is one JSON piece)
     */
    CompletableFuture<Outcome> start(RequestHeaders headers, List<HttpData> body, boolean replayable, boolean stream,
            long firstByteMillis) {
        RequestOptions options = stream ? STREAM_OPTIONS
                : RequestOptions.builder().responseTimeoutMillis(route.timeoutSeconds() * 1000L)
                        .maxResponseLength(MAX_JSON_BYTES).build();
        requestBody = replayable ? body.getFirst().array() : null;
        response = route.upstream().client().execute(request(headers, body), options);
        timer = eventLoop.schedule(() -> {
            if (!firstByte.get()) {
                response.abort(new UpstreamTimeoutException("no answer within " + firstByteMillis + " ms"));
            }
        }, firstByteMillis, TimeUnit.MILLISECONDS);
        CompletableFuture<Outcome> outcome = stream ? stream() : json();
        return outcome.exceptionally(e -> new Outcome.Failed(describe(route, e))).whenComplete((o, e) -> timer.cancel(false));
    }

    /** A body in pieces goes out as one: with its length, not chunked, as upstreams expect of a form. */
    private static HttpRequest request(RequestHeaders headers, List<HttpData> body) {
        if (body.size() == 1) {
            return HttpRequest.of(headers, body.getFirst());
        }
        long length = body.stream().mapToLong(HttpData::length).sum();
        return HttpRequest.of(headers.toBuilder().contentLength(length).build(),
                StreamMessage.of(body.toArray(HttpData[]::new)));
    }

    /** Stops the attempt (the client went away). */
    void abort() {
        if (response != null) {
            response.abort();
        }
    }

    private CompletableFuture<Outcome> json() {
        return response.peekHeaders(h -> firstByte.set(true)).aggregate().thenApply(this::jsonOutcome);
    }

    private Outcome jsonOutcome(AggregatedHttpResponse res) {
        int status = res.status().code();
        byte[] body = res.content().array();
        if (status >= 400) {
            return new Outcome.UpstreamError(status, res.headers(), body);
        }
        if (!res.status().isSuccess()) {
            return new Outcome.Failed(ApiError.of(502, "provider " + route.upstream().name() + " answered HTTP " + status));
        }
        byte[] out;
        if (translator == null) {
            out = quotedClientModel == null ? body : JsonFields.withTopLevelString(body, "model", quotedClientModel);
        } else {
            JsonNode upstream;
            try {
                upstream = ClientRequest.JSON.readTree(body);
            } catch (IOException e) {
                upstream = null;
            }
            if (!(upstream instanceof ObjectNode object)) {
                return new Outcome.Failed(ApiError.of(502, "provider " + route.upstream().name() + " answered with a body that is not a JSON object"));
            }
            try {
                out = ClientRequest.JSON.writeValueAsBytes(translator.response(object, target));
            } catch (TranslationException e) {
                // a 200 that reports a failure (a Responses "status: failed"): the error policy decides, as for an HTTP error
                ApiError error = e.error();
                return new Outcome.UpstreamError(error.status(), res.headers(), Json.write(dialects.wire(route.upstream().protocol()).errorBody(error)).getBytes(StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                log.error("translating the answer of {} failed: {}", route.id(), e.toString());
                return new Outcome.Failed(ApiError.of(502, "the gateway could not translate the answer of " + route.id()));
            }
        }
        MediaType type = res.contentType() != null && translator == null ? res.contentType() : MediaType.JSON_UTF_8;
        ResponseHeaders headers = UpstreamHeaders.response(res.headers(), type, route.id(), attempt);
        return new Outcome.Committed(HttpResponse.of(headers, HttpData.wrap(out)));
    }

    private CompletableFuture<Outcome> stream() {
        SplitHttpResponse split = response.split(eventLoop);
        return split.headers().thenComposeAsync(h -> {
            int status = h.status().code();
            if (status >= 400 || !h.status().isSuccess()) {
                return collect(split).thenApply(body -> {
                    firstByte.set(true);
                    return status >= 400 ? new Outcome.UpstreamError(status, h, body)
                            : new Outcome.Failed(ApiError.of(502, "provider " + route.upstream().name() + " answered HTTP " + status));
                });
            }
            if (h.contentType() == null || !h.contentType().is(MediaType.EVENT_STREAM)) {
                // asked for a stream, got a whole answer (a provider that ignores `stream`): relay it as the
                // stream it would have sent, so a streaming client still gets its dialect's events
                return collect(split).thenCompose(body -> {
                    byte[] replayed = requestBody == null ? null
                            : UpstreamReplay.asStream(dialects, route.upstream().protocol(), requestBody, body, route.model());
                    if (replayed == null) {
                        firstByte.set(true);
                        return CompletableFuture.completedFuture(jsonOutcome(AggregatedHttpResponse.of(h, HttpData.wrap(body))));
                    }
                    return relay(h, MediaType.EVENT_STREAM, StreamMessage.of(HttpData.wrap(replayed)));
                });
            }
            return relay(h, translator == null ? h.contentType() : MediaType.EVENT_STREAM, split.body());
        }, eventLoop);
    }

    private CompletableFuture<Outcome> relay(ResponseHeaders h, MediaType type, StreamMessage<HttpData> body) {
        // only a whole answer is replayed: a stream that relays must not hold the request for its life
        requestBody = null;
        // nor this call (its timer, target and response): the relay's failures need only the route
        Route route = this.route;
        StreamRelay relay = new StreamRelay(dialects.wire(route.upstream().protocol()), streams.get(), h,
                UpstreamHeaders.response(h, type, route.id(), attempt), e -> describe(route, e), eventLoop,
                route.timeoutSeconds() * 1000L);
        body.subscribe(relay, eventLoop);
        return relay.decision();
    }

    /** A whole body on the stream path (an error, or an answer that is not a stream), capped like a JSON answer. */
    private static CompletableFuture<byte[]> collect(SplitHttpResponse split) {
        long[] size = {0};
        return split.body().map(d -> {
            size[0] += d.length();
            if (size[0] > MAX_JSON_BYTES) {
                throw ContentTooLargeException.builder().maxContentLength(MAX_JSON_BYTES).transferred(size[0]).build();
            }
            return d;
        }).collect().thenApply(UpstreamCall::join);
    }

    private static byte[] join(List<HttpData> parts) {
        int size = 0;
        for (HttpData d : parts) {
            size += d.length();
        }
        byte[] out = new byte[size];
        int at = 0;
        for (HttpData d : parts) {
            System.arraycopy(d.array(), 0, out, at, d.length());
            at += d.length();
        }
        return out;
    }

    /** A failure of {@code route} as the client may see it: what went wrong and where, never headers or keys. */
    private static ApiError describe(Route route, Throwable t) {
        Throwable cause = Exceptions.peel(t);
        String provider = "provider " + route.upstream().name();
        if (cause instanceof UpstreamTimeoutException || cause instanceof ResponseTimeoutException) {
            return ApiError.of(504, provider + " did not answer in time (" + route.id() + ")");
        }
        if (cause instanceof UnprocessedRequestException u) {
            Throwable why = u.getCause() != null ? u.getCause() : u;
            return ApiError.of(502, provider + " is unreachable: " + summary(why));
        }
        return ApiError.of(502, provider + " failed: " + summary(cause));
    }

    /** What kind of failure, never its message: messages carry internal addresses and topology. */
    private static String summary(Throwable t) {
        log.debug("upstream failure: {}", t.toString());
        return t.getClass().getSimpleName();
    }
}
