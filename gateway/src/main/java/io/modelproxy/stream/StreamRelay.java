package io.modelproxy.stream;

import io.modelproxy.sse.SseFrames;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpObject;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.ResponseHeaders;
import io.modelproxy.sse.FrameEdits;
import io.modelproxy.sse.SseFrame;
import io.modelproxy.translate.ClientStream;
import io.modelproxy.translate.DialectWire;
import io.modelproxy.translate.UpstreamStreamError;
import io.modelproxy.translate.ApiError;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import io.netty.util.concurrent.EventExecutor;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays one upstream SSE body to the client without buffering it. Before commit it holds the
 * preamble frames and decides: an error event means the attempt failed (and may be retried elsewhere),
 * the first content frame commits. After commit every read is written out at once, as one write.
 * Demand is a window of {@value #WINDOW}: reads asked of the upstream plus writes the client has not
 * yet consumed never exceed it, so the next read is already on its way while the last write goes out,
 * yet a slow client holds the upstream after at most that many reads: memory stays constant and a slow
 * client slows the upstream instead of filling the heap. A failure after commit ends the stream with
 * the dialect's error event; so does an upstream that stays silent longer than the idle limit (the
 * route's timeout) after commit while a read is asked of it, so a slow client is never taken for a
 * stalled upstream. All callbacks run on the request's event loop.
 *
 * <p>The client's response is this relay's own publisher ({@link ClientSide}), not a stream message
 * written into: a write waits for the client's demand here, in a queue of at most the window (plus the
 * headers and the closing bytes), instead of in a stream message's queue of its own, which held every
 * idle stream about 0.7 KiB more. A write the client has been handed is consumed; the client's demand
 * is what lets the next read in.
 */
public final class StreamRelay implements Subscriber<HttpData> {
    private static final Logger log = LoggerFactory.getLogger(StreamRelay.class);
    private static final byte[] NONE = new byte[0];
    /** Reads asked of the upstream plus writes not yet consumed by the client, at most. */
    static final int WINDOW = 2;

    private final DialectWire upstream;
    private final ClientStream client;
    /** Until commit: the upstream's headers (for an error event's outcome) and the client's; then null, not held for the stream's life. */
    private ResponseHeaders upstreamHeaders;
    private ResponseHeaders clientHeaders;
    private final Function<Throwable, ApiError> describe;
    private final EventExecutor eventLoop;
    private final long idleMillis;
    private final SseFrames frames = new SseFrames();
    private final List<SseFrame> held = new ArrayList<>();
    private final JoinedBytes clientBytes = new JoinedBytes();
    private final CompletableFuture<Outcome> decision = new CompletableFuture<>();
    private Subscription subscription;
    /** From commit: what the client is yet to be handed, the response headers first. */
    private ArrayDeque<HttpObject> pending;
    /** The client's subscriber, from its subscription until it cancels or is told the end. */
    private Subscriber<? super HttpObject> downstream;
    /** Objects the client asked for and has not been handed. */
    private long demand;
    /** No more writes: the client is told the end once {@link #pending} is handed out. */
    private boolean closed;
    private boolean delivering;
    private boolean finished;
    /** Reads asked of the upstream and not yet received. */
    private int asked;
    /** Writes handed to the client and not yet consumed. */
    private int unconsumed;
    /** When the upstream last sent something, or was last asked while it owed nothing. */
    private long heardNanos;
    private ScheduledFuture<?> idleCheck;

    /**
     * @param describe what a failure of the upstream means for the client
     * @param idleMillis how long the upstream may stay silent after commit
     */
    public StreamRelay(DialectWire upstream, ClientStream client, ResponseHeaders upstreamHeaders,
            ResponseHeaders clientHeaders, Function<Throwable, ApiError> describe, EventExecutor eventLoop, long idleMillis) {
        this.upstream = upstream;
        this.client = client;
        this.upstreamHeaders = upstreamHeaders;
        this.clientHeaders = clientHeaders;
        this.describe = describe;
        this.eventLoop = eventLoop;
        this.idleMillis = idleMillis;
    }

    /** Completes with {@link Outcome.Committed} at the commit point, or with the failure before it. */
    public CompletableFuture<Outcome> decision() {
        return decision;
    }

    @Override
    public void onSubscribe(Subscription s) {
        subscription = s;
        askMore();
    }

    /** Asks for as many reads as the window has room for. */
    private void askMore() {
        int room = WINDOW - asked - unconsumed;
        if (finished || room <= 0) {
            return;
        }
        if (asked == 0) {
            heardNanos = System.nanoTime();
        }
        asked += room;
        subscription.request(room);
    }

    /** Hands the client what it asked for; a write it takes lets the next read in. */
    private void deliver() {
        if (delivering || downstream == null) {
            return;
        }
        delivering = true;
        int writes = 0;
        while (demand > 0 && !pending.isEmpty()) {
            HttpObject next = pending.poll();
            demand--;
            if (next instanceof HttpData) {
                writes++;
            }
            downstream.onNext(next);
            if (downstream == null) {
                break;
            }
        }
        delivering = false;
        if (closed && pending.isEmpty() && downstream != null) {
            Subscriber<? super HttpObject> s = downstream;
            downstream = null;
            s.onComplete();
        }
        if (writes > 0) {
            unconsumed -= writes;
            askMore();
        }
    }

    /** The last write (none if empty), then the end. */
    private void close(byte[] last) {
        if (last.length > 0) {
            pending.add(HttpData.wrap(last));
        }
        closed = true;
        deliver();
    }

    /**
     * After commit: ends the stream when the upstream, asked for a read, has sent nothing for the idle
     * limit; while only the client is behind, nothing is asked and the clock does not run.
     */
    private void watchIdle(long delayMillis) {
        idleCheck = eventLoop.schedule(() -> {
            if (finished) {
                return;
            }
            if (asked == 0) {
                watchIdle(idleMillis);
                return;
            }
            long quiet = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - heardNanos);
            if (quiet < idleMillis) {
                watchIdle(idleMillis - quiet);
                return;
            }
            subscription.cancel();
            onError(new UpstreamTimeoutException("no bytes for " + idleMillis + " ms after the stream started"));
        }, delayMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onNext(HttpData data) {
        if (finished) {
            return;
        }
        asked--;
        heardNanos = System.nanoTime();
        byte[] out;
        try {
            out = process(frames.feed(data.array()));
        } catch (RuntimeException e) {
            // a translator bug must end this stream cleanly, not leak into the HTTP machinery
            log.error("relaying a stream failed: {}", e.toString());
            subscription.cancel();
            onError(e);
            return;
        }
        if (finished) {
            return;
        }
        if (pending != null && out.length > 0) {
            pending.add(HttpData.wrap(out));
            unconsumed++;
            deliver();
        }
        askMore();
    }

    /** Handles frames; returns the client bytes once committed, all of them in one array. */
    private byte[] process(List<SseFrame> batch) {
        if (batch.isEmpty()) {
            return NONE;
        }
        for (SseFrame frame : batch) {
            if (pending != null) {
                clientBytes.add(client.onFrame(frame));
                continue;
            }
            if (!frame.hasData()) {
                held.add(frame);
                continue;
            }
            switch (upstream.classify(frame)) {
                case ERROR -> {
                    UpstreamStreamError e = upstream.streamError(frame.event());
                    finished = true;
                    subscription.cancel();
                    decision.complete(new Outcome.UpstreamError(e.status(), upstreamHeaders, e.body()));
                    return NONE;
                }
                case PREAMBLE -> held.add(frame);
                case CONTENT, TERMINAL -> {
                    commit();
                    for (SseFrame h : held) {
                        clientBytes.add(client.onFrame(h));
                    }
                    held.clear();
                    clientBytes.add(client.onFrame(frame));
                }
            }
        }
        return clientBytes.join();
    }

    private void commit() {
        pending = new ArrayDeque<>(WINDOW + 2);
        pending.add(clientHeaders);
        clientHeaders = null;
        upstreamHeaders = null;
        decision.complete(new Outcome.Committed(HttpResponse.of(new ClientSide())));
        if (idleMillis > 0) {
            watchIdle(idleMillis);
        }
    }

    private void stop() {
        finish();
        subscription.cancel();
    }

    private void finish() {
        finished = true;
        if (idleCheck != null) {
            idleCheck.cancel(false);
        }
    }

    @Override
    public void onError(Throwable t) {
        if (finished) {
            return;
        }
        finish();
        if (pending == null) {
            decision.complete(new Outcome.Failed(describe.apply(t)));
            return;
        }
        byte[] last = NONE;
        try {
            last = client.onFailure(describe.apply(t));
        } catch (RuntimeException e) {
            log.error("ending a failed stream failed: {}", e.toString());
        }
        close(last);
    }

    @Override
    public void onComplete() {
        if (finished) {
            return;
        }
        byte[] closing;
        try {
            SseFrame tail = frames.finish();
            byte[] last = tail == null ? NONE : process(List.of(tail));
            if (finished) {
                return;
            }
            if (pending == null) {
                finished = true;
                decision.complete(new Outcome.Failed(ApiError.of(502, "the upstream stream ended before any content")));
                return;
            }
            closing = FrameEdits.concat(last, client.onComplete());
        } catch (RuntimeException e) {
            log.error("ending a stream failed: {}", e.toString());
            onError(e);
            return;
        }
        finish();
        close(closing);
    }

    /**
     * The client's side of the relay: the response's publisher (subscribed once, by the response
     * {@link HttpResponse#of(Publisher)} makes of it) and its subscription. Demand and cancellation
     * are taken on the relay's event loop.
     */
    private final class ClientSide implements Publisher<HttpObject>, Subscription {
        @Override
        public void subscribe(Subscriber<? super HttpObject> s) {
            if (!eventLoop.inEventLoop()) {
                eventLoop.execute(() -> subscribe(s));
                return;
            }
            downstream = s;
            s.onSubscribe(this);
        }

        @Override
        public void request(long n) {
            if (!eventLoop.inEventLoop()) {
                eventLoop.execute(() -> request(n));
                return;
            }
            if (n <= 0) {
                Subscriber<? super HttpObject> s = downstream;
                cancel();
                if (s != null) {
                    s.onError(new IllegalArgumentException("demand must be positive, not " + n));
                }
                return;
            }
            demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
            deliver();
        }

        /** The client went away: stop reading (and paying for) the upstream stream. */
        @Override
        public void cancel() {
            if (!eventLoop.inEventLoop()) {
                eventLoop.execute(this::cancel);
                return;
            }
            downstream = null;
            pending.clear();
            if (!finished) {
                stop();
            }
        }
    }
}
