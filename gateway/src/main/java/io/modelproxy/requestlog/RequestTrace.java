package io.modelproxy.requestlog;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.RequestContext;
import io.modelproxy.keys.PooledKey;
import io.modelproxy.ratelimit.UsageMeter;
import io.modelproxy.routing.Route;
import io.modelproxy.translate.StreamAccounting;
import io.netty.util.AttributeKey;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One API request as the request log and the metrics see it, filled in as the request goes: who asked
 * for which model, each upstream attempt and how it ended, the answer's first byte, size and token
 * usage. The request path calls it at a few points (authenticated, body read, attempt started and
 * ended, key cooled down); {@link RequestObserver} starts and ends it. Written on the request's event
 * loop; read once the response is done.
 */
public final class RequestTrace implements StreamAccounting {
    private static final AttributeKey<RequestTrace> KEY = AttributeKey.valueOf(RequestTrace.class, "trace");
    /** Bodies kept per record when bodies are logged. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private final RequestEvents events;
    final Instant time = Instant.now();
    final long startNanos = System.nanoTime();
    final boolean bodies;
    private final UsageMeter usage = new UsageMeter();
    String dialect;
    String client = "-";
    String model = "-";
    String logicalModel;
    boolean stream;
    long bytesIn;
    Supplier<? extends JsonNode> requestBody;
    /** Room for one: most requests make one attempt, and a held stream keeps the list for its life. */
    final List<RequestEntry.Attempt> attempts = new ArrayList<>(1);
    private Route attemptRoute;
    private String attemptKey;
    private long attemptStartNanos;
    long firstByteNanos = -1;
    long bytesOut;
    /** Streamed text kept to estimate output tokens when the upstream reports none. */
    private StreamText text;
    ByteArrayOutputStream responseBody;
    private boolean streamCounted;
    /** The committed stream reports its text and usage itself: its bytes need no scan. */
    private boolean streamReports;

    RequestTrace(RequestEvents events, boolean bodies) {
        this.events = events;
        this.bodies = bodies;
    }

    /** A trace that records nowhere: for the gateway's own calls (a difficulty classifier's), which are no client request. */
    public static RequestTrace detached() {
        return new RequestTrace(null, false);
    }

    /** The trace of the request of {@code ctx}; a trace that records nowhere when the route has no {@link RequestObserver}. */
    public static RequestTrace of(RequestContext ctx) {
        RequestTrace trace = ctx.attr(KEY);
        if (trace == null) {
            trace = new RequestTrace(null, false);
            ctx.setAttr(KEY, trace);
        }
        return trace;
    }

    void attach(RequestContext ctx) {
        ctx.setAttr(KEY, this);
    }

    /** The client authenticated. */
    public void client(String client) {
        this.client = client;
    }

    /**
     * The body was read.
     *
     * @param body the body as a tree, asked for only to estimate usage an answer does not report, or to
     *     log it; a trace that records nowhere does neither, so it does not keep it (a held stream would
     *     keep the whole conversation for its life)
     */
    public void request(String model, boolean stream, long bytesIn, Supplier<? extends JsonNode> body) {
        this.model = model;
        this.stream = stream;
        this.bytesIn = bytesIn;
        this.requestBody = events == null ? null : body;
    }

    /** The model resolved to this LogicalModel. */
    public void logicalModel(String name) {
        this.logicalModel = name;
    }

    /** An upstream attempt starts; the key is null when the client's own credential goes upstream. */
    public void attempt(Route route, PooledKey key) {
        if (attemptRoute != null && events != null && !attemptRoute.id().equals(route.id())) {
            events.fallback(logicalModel == null ? model : logicalModel, attemptRoute.id(), route.id());
        }
        attemptRoute = route;
        attemptKey = key == null ? null : key.name();
        attemptStartNanos = System.nanoTime();
    }

    /**
     * The attempt started last ended.
     *
     * @param status the upstream's HTTP status, 0 when it never answered
     * @param outcome see {@link RequestEntry.Attempt#outcome()}
     */
    public void attemptEnded(int status, String outcome) {
        if (attemptRoute == null) {
            return;
        }
        attempts.add(new RequestEntry.Attempt(attemptRoute.id(), attemptRoute.upstream().name(), attemptRoute.model(),
                attemptKey, status, outcome, (System.nanoTime() - attemptStartNanos) / 1_000_000));
    }

    /** The attempt's key started cooling down because of {@code status}. */
    public void cooldown(Route route, PooledKey key, int status, boolean wholeProvider) {
        if (events != null) {
            events.cooldown(route.upstream().name(), key.name(), status, wholeProvider);
        }
    }

    Route lastRoute() {
        return attemptRoute;
    }

    UsageMeter usage() {
        return usage;
    }

    /** A chunk of the answer's body on its way to the client. */
    void onData(HttpData data) {
        if (firstByteNanos < 0) {
            firstByteNanos = System.nanoTime();
            if (stream && events != null) {
                streamCounted = true;
                events.streamStarted();
            }
        }
        bytesOut += data.length();
        if (streamReports && !bodies) {
            return;
        }
        byte[] bytes = data.array();
        if (!streamReports) {
            usage.feed(bytes);
            if (stream) {
                streamText().collect(bytes);
            }
        }
        if (bodies) {
            if (responseBody == null) {
                responseBody = new ByteArrayOutputStream();
            }
            int room = MAX_BODY_BYTES - responseBody.size();
            if (room > 0) {
                responseBody.write(bytes, 0, Math.min(room, bytes.length));
            }
        }
    }

    private StreamText streamText() {
        if (text == null) {
            text = new StreamText();
        }
        return text;
    }

    @Override
    public void reportsItself() {
        streamReports = true;
    }

    @Override
    public void text(byte[] bytes, int from, int to) {
        if (stream) {
            streamText().take(bytes, from, to);
        }
    }

    @Override
    public void usage(byte[] bytes, int from, int to) {
        usage.read(bytes, from, to);
    }

    /**
     * Input plus output tokens the answer reported so far, -1 when none: what the rate limits settle a
     * reservation with (the one meter of the request, which the log and metrics read too).
     */
    public long usedTokens() {
        return usage.used();
    }

    /** The generated text of a stream, as far as it was kept; empty for other answers. */
    String streamedText() {
        return text == null ? "" : text.toString();
    }

    void ended() {
        if (streamCounted && events != null) {
            events.streamEnded();
        }
    }

    RequestEvents events() {
        return events;
    }
}
