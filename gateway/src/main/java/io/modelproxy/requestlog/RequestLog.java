package io.modelproxy.requestlog;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.stream.AbortedStreamException;
import com.linecorp.armeria.common.stream.CancelledSubscriptionException;
import com.linecorp.armeria.common.stream.ClosedStreamException;
import com.linecorp.armeria.common.ClosedSessionException;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.modelproxy.admin.activity.RecentRequests;
import io.modelproxy.admin.activity.RequestSummary;
import io.modelproxy.auth.ClientKeys;
import io.modelproxy.config.GatewaySettings;
import io.modelproxy.config.RequestLogSettings;
import io.modelproxy.api.ModelGatewaySpec.LogFormat;
import io.modelproxy.routing.RoutingTable;
import io.modelproxy.translate.TokenEstimator;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's request log for its whole life: the buffer of the last {@value #RECENT} records (what
 * the admin UI's Requests page reads), and the sinks the config in service names in
 * {@code spec.requestLogging} — the access log line, JSON lines on stdout or in a file, SQLite. A
 * reload that changes them opens the new sinks before the old ones close; the buffer and the drop
 * counts carry over.
 */
public final class RequestLog implements RecentRequests, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RequestLog.class);
    static final int RECENT = 1000;

    private final Supplier<TokenEstimator> estimator;
    private final PrintStream stdout;
    private final int queueCapacity;
    private final ArrayDeque<RequestEntry> recent = new ArrayDeque<>(RECENT);
    private final Map<String, LongAdder> dropped = new ConcurrentHashMap<>();
    private volatile Sinks sinks;

    /**
     * What the config in service writes to; {@code settings} null before the first config, {@code access}
     * the access log line's queue, null when the config turns the line off.
     */
    private record Sinks(RequestLogSettings settings, QueuedSink access, List<QueuedSink> queued) {
        void close() {
            if (access != null) {
                access.close();
            }
            queued.forEach(QueuedSink::close);
        }
    }

    /**
     * @param estimator the tokenizer that estimates the usage of streams that report none
     * @param stdout where {@code format: Json} writes
     * @param queueCapacity records each queued sink holds before it drops
     */
    public RequestLog(Supplier<TokenEstimator> estimator, PrintStream stdout, int queueCapacity) {
        this.estimator = estimator;
        this.stdout = stdout;
        this.queueCapacity = queueCapacity;
        this.sinks = new Sinks(null, accessQueue(), List.of());
    }

    public RequestLog(Supplier<TokenEstimator> estimator) {
        this(estimator, System.out, QueuedSink.DEFAULT_CAPACITY);
    }

    /**
     * Takes the sinks of a newly loaded config. Called by the reload, off the event loop: a sink that
     * cannot be opened (an unwritable SQLite file) is left out with a warning, and the others work.
     */
    public synchronized void configure(GatewaySettings settings) {
        RequestLogSettings wanted = settings.requestLogging() ? settings.requestLog() : null;
        Sinks old = sinks;
        if (old.settings() != null && Objects.equals(old.settings(), wanted) && (old.access() != null) == accessLine(wanted)) {
            return;
        }
        List<QueuedSink> queued = new ArrayList<>();
        if (wanted != null) {
            if (wanted.format() == LogFormat.Json) {
                queued.add(new QueuedSink(JsonLines.stdout(stdout), queueCapacity, drops("stdout")));
            }
            if (wanted.file() != null && !wanted.file().isBlank()) {
                try {
                    queued.add(new QueuedSink(JsonLines.file(Path.of(wanted.file()), wanted.maxFileBytes()), queueCapacity, drops("file")));
                } catch (Exception e) {
                    log.warn("request log: cannot write spec.requestLogging.file {} ({}); the other sinks keep working",
                            wanted.file(), e.toString());
                }
            }
            if (wanted.sqlite() != null && !wanted.sqlite().isBlank()) {
                try {
                    queued.add(new QueuedSink(SqliteLog.open(Path.of(wanted.sqlite())), queueCapacity, drops("sqlite")));
                } catch (Exception e) {
                    log.warn("request log: cannot open the SQLite database spec.requestLogging.sqlite {} ({}); the other"
                            + " sinks keep working", wanted.sqlite(), e.getMessage());
                }
            }
        }
        sinks = new Sinks(wanted == null ? RequestLogSettings.defaults() : wanted, accessLine(wanted) ? accessQueue() : null,
                List.copyOf(queued));
        old.close();
    }

    /** The access log line, written off the event loop like the records. */
    private QueuedSink accessQueue() {
        return new QueuedSink(new AccessLines(), queueCapacity, drops("access"));
    }

    private static boolean accessLine(RequestLogSettings wanted) {
        return wanted != null && wanted.format() == LogFormat.Text;
    }

    private LongAdder drops(String sink) {
        return dropped.computeIfAbsent(sink, s -> new LongAdder());
    }

    /** Records dropped so far by each sink, because its queue was full or its writes failed. */
    public Map<String, Long> dropped() {
        Map<String, Long> counts = new TreeMap<>();
        dropped.forEach((sink, count) -> counts.put(sink, count.sum()));
        return counts;
    }

    /** Whether records carry bodies. */
    boolean bodies() {
        RequestLogSettings s = sinks.settings();
        return s != null && s.bodies() && !sinks.queued().isEmpty();
    }

    /** Ends a request's trace: builds its record (estimating usage off the event loop when needed) and hands it on. */
    void finish(RequestTrace trace, ServiceRequestContext ctx, RequestLog.Response response, RoutingTable table) {
        trace.ended();
        boolean closed = response.clientClosed();
        int status = closed ? 499 : response.status();
        long latency = (System.nanoTime() - trace.startNanos) / 1_000_000;
        boolean committed = trace.attempts.stream().anyMatch(a -> "committed".equals(a.outcome()));
        // a stream's first token: not the first byte of an error answer
        long ttft = trace.stream && committed && trace.firstByteNanos >= 0
                ? (trace.firstByteNanos - trace.startNanos) / 1_000_000 : -1;
        var usage = trace.usage();
        boolean reported = usage.input() >= 0 || usage.output() >= 0;
        Entry entry = new Entry(trace, ctx, table, status, closed, latency, ttft);
        if (reported) {
            deliver(trace, entry.build(usage.input(), usage.output(), usage.cached(), usage.reasoning(), "reported"));
        } else if (trace.stream && committed && trace.requestBody != null) {
            String text = trace.streamedText();
            CompletableFuture.supplyAsync(() -> {
                TokenEstimator tokens = estimator.get();
                long input = estimateInput(tokens, trace.requestBody.get(), trace.bytesIn);
                return entry.build(input, tokens.countText(text), -1, -1, "estimated");
            }, ctx.blockingTaskExecutor()).whenComplete((built, error) -> {
                if (error != null) {
                    log.warn("estimating the usage of a stream failed: {}", error.toString());
                    deliver(trace, entry.build(-1, -1, -1, -1, "none"));
                } else {
                    deliver(trace, built);
                }
            });
        } else {
            deliver(trace, entry.build(-1, -1, -1, -1, "none"));
        }
    }

    private static long estimateInput(TokenEstimator tokens, JsonNode body, long bytesIn) {
        long counted = tokens.count(body);
        // a Responses body keeps its prompt in `input`, which the Messages-shaped count does not walk
        return counted > 0 ? counted : bytesIn / 4;
    }

    private void deliver(RequestTrace trace, RequestEntry entry) {
        synchronized (recent) {
            if (recent.size() == RECENT) {
                recent.removeLast();
            }
            recent.addFirst(entry);
        }
        if (trace.events() != null) {
            trace.events().finished(entry);
        }
        Sinks current = sinks;
        if (current.access() != null) {
            current.access().offer(entry);
        }
        for (QueuedSink sink : current.queued()) {
            sink.offer(entry);
        }
    }

    /** The newest records first, at most {@code limit}. */
    public List<RequestEntry> entries(int limit) {
        synchronized (recent) {
            return recent.stream().limit(Math.max(0, limit)).toList();
        }
    }

    @Override
    public List<RequestSummary> recent(int limit) {
        return entries(limit).stream().map(e -> new RequestSummary(e.time(),
                "-".equals(e.client()) || ClientKeys.ANONYMOUS.equals(e.client()) ? null : e.client(),
                e.logicalModel() != null ? e.logicalModel() : e.model(), e.route(), e.status(), e.latencyMillis(),
                e.inputTokens() < 0 ? null : e.inputTokens(), e.outputTokens() < 0 ? null : e.outputTokens())).toList();
    }

    @Override
    public synchronized void close() {
        Sinks old = sinks;
        sinks = new Sinks(null, null, List.of());
        old.close();
    }

    /** How the response ended, from Armeria's log of the request. */
    record Response(int status, boolean clientClosed) {
        static Response of(ServiceRequestContext ctx, com.linecorp.armeria.common.logging.RequestLog log) {
            Throwable cause = log.responseCause();
            boolean closed = ctx.isCancelled() || cause instanceof ClosedStreamException
                    || cause instanceof ClosedSessionException || cause instanceof CancellationException
                    || cause instanceof CancelledSubscriptionException || cause instanceof AbortedStreamException;
            return new Response(log.responseHeaders().status().code(), closed);
        }
    }

    /** The parts of a record known before its usage. */
    private record Entry(RequestTrace trace, ServiceRequestContext ctx, RoutingTable table, int status, boolean closed,
            long latency, long ttft) {
        RequestEntry build(long input, long output, long cached, long reasoning, String usage) {
            var last = trace.lastRoute();
            String outcome = closed ? "client_closed" : status >= 400 ? "error" : "ok";
            String errorType = closed ? "client_closed" : status >= 400 ? String.valueOf(status) : null;
            Map<String, String> headers = null;
            String requestBody = null;
            String responseBody = null;
            if (trace.bodies) {
                Redaction redaction = new Redaction(table, ctx.request().headers());
                headers = redaction.headers(ctx.request().headers());
                JsonNode body = trace.requestBody == null ? null : trace.requestBody.get();
                requestBody = body == null ? null : redaction.apply(body.toString());
                responseBody = trace.responseBody == null ? null
                        : redaction.apply(trace.responseBody.toString(java.nio.charset.StandardCharsets.UTF_8));
            }
            return new RequestEntry(trace.time, table == null ? 0 : table.generation(), ctx.method().name(), ctx.path(),
                    trace.dialect, trace.client, trace.model, trace.logicalModel,
                    last == null ? null : last.id(), last == null ? null : last.upstream().name(),
                    last == null ? null : last.model(), trace.stream, status, outcome, errorType, List.copyOf(trace.attempts),
                    trace.bytesIn, trace.bytesOut, latency, ttft, input, output, cached, reasoning, usage,
                    headers, requestBody, responseBody);
        }
    }
}
