package io.modelproxy.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.modelproxy.difficulty.Difficulty;
import io.modelproxy.difficulty.DifficultyStats;
import io.modelproxy.ratelimit.LimitKind;
import io.modelproxy.requestlog.RequestEntry;
import io.modelproxy.requestlog.RequestEvents;
import io.modelproxy.requestlog.RequestLog;
import io.modelproxy.routing.RoutingTable;
import io.modelproxy.sharedstate.LimitState;
import java.time.InstantSource;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The gateway's Prometheus metrics, for its whole life (a reload keeps every series). Request figures
 * follow the OpenTelemetry GenAI semantic conventions ({@code gen_ai.client.token.usage},
 * {@code gen_ai.server.request.duration}, {@code gen_ai.server.time_to_first_token},
 * {@code gen_ai.server.time_per_output_token}); the gateway's own are under {@code modelproxy.*}.
 * Every label comes from the config (model, route, provider, client and key names) or from a small
 * fixed set (status class, token type): never a key value, a prompt or a request id.
 */
public final class GatewayMetrics implements RequestEvents {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicInteger streams = new AtomicInteger();
    private final TableGauges tableGauges;
    private final RequestMeters requests = new RequestMeters(registry);
    private final Set<String> dropSinks = ConcurrentHashMap.newKeySet();

    /**
     * @param tables the table in service (for the gauges of keys, circuits and the config generation)
     * @param reloadFailures failed reloads so far
     * @param difficulty the difficulty router's counters
     */
    public GatewayMetrics(InstantSource clock, Supplier<RoutingTable> tables, LongSupplier reloadFailures,
            LimitState limits, DifficultyStats difficulty) {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        Gauge.builder("modelproxy.streams.in_flight", streams, AtomicInteger::get)
                .description("Streamed answers being relayed to clients now").register(registry);
        Gauge.builder("modelproxy.config.generation", tables, t -> t.get() == null ? 0 : t.get().generation())
                .description("Generation of the config in service (0: none loaded)").register(registry);
        FunctionCounter.builder("modelproxy.config.reload.failures", reloadFailures, LongSupplier::getAsLong)
                .description("Config reloads that failed (the last good config kept serving)").register(registry);
        for (LimitKind kind : LimitKind.values()) {
            FunctionCounter.builder("modelproxy.rate_limit.rejections", limits, l -> l.rejections().of(kind))
                    .tag("limit", kind.word()).description("Requests refused with 429 by a client rate limit")
                    .register(registry);
        }
        FunctionCounter.builder("modelproxy.shared_state.outages", limits, LimitState::outages)
                .description("Times the shared state (Redis) became unreachable").register(registry);
        for (Difficulty d : Difficulty.values()) {
            FunctionCounter.builder("modelproxy.difficulty.decisions", difficulty, s -> s.decisions(d))
                    .tag("difficulty", d.label()).description("Requests routed by difficulty, sticky decisions included")
                    .register(registry);
        }
        for (DifficultyStats.Failure f : DifficultyStats.Failure.values()) {
            FunctionCounter.builder("modelproxy.difficulty.failures", difficulty, s -> s.failures(f))
                    .tag("reason", f.label())
                    .description("Requests served by their model's own routes because classification failed")
                    .register(registry);
        }
        FunctionCounter.builder("modelproxy.difficulty.sticky_hits", difficulty, DifficultyStats::stickyHits)
                .description("Requests that reused their conversation's remembered difficulty").register(registry);
        FunctionTimer.builder("modelproxy.difficulty.classifications", difficulty, DifficultyStats::classifications,
                        DifficultyStats::classificationNanos, TimeUnit.NANOSECONDS)
                .description("Classifications run (heuristic or model) and the time they took").register(registry);
        tableGauges = new TableGauges(registry, clock);
    }

    /** The registry Armeria's own HTTP metrics go to as well. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text of every series, with the gauges of keys and circuits read from {@code table}. */
    public String scrape(RoutingTable table, RequestLog requestLog) {
        refresh(table, requestLog);
        return registry.scrape();
    }

    private void refresh(RoutingTable table, RequestLog requestLog) {
        tableGauges.refresh(table);
        for (String sink : requestLog.dropped().keySet()) {
            if (dropSinks.add(sink)) {
                FunctionCounter.builder("modelproxy.request_log.dropped", requestLog, l -> l.dropped().getOrDefault(sink, 0L))
                        .tag("sink", sink).description("Request records a sink dropped (its queue was full or its writes failed)")
                        .register(registry);
            }
        }
    }

    @Override
    public void fallback(String logicalModel, String fromRoute, String toRoute) {
        registry.counter("modelproxy.fallbacks", "model", logicalModel, "from_route", fromRoute, "to_route", toRoute)
                .increment();
    }

    @Override
    public void cooldown(String provider, String key, int status, boolean wholeProvider) {
        registry.counter("modelproxy.key.cooldowns", "provider", provider, "key", key, "reason", String.valueOf(status),
                "scope", wholeProvider ? "provider" : "model").increment();
    }

    @Override
    public void streamStarted() {
        streams.incrementAndGet();
    }

    @Override
    public void streamEnded() {
        streams.decrementAndGet();
    }

    @Override
    public void finished(RequestEntry e) {
        requests.record(e);
    }
}
