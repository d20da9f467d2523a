package io.modelproxy.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.modelproxy.difficulty.Difficulty;
import io.modelproxy.difficulty.DifficultyStats;
import io.modelproxy.keys.PooledKey;
import io.modelproxy.ratelimit.LimitKind;
import io.modelproxy.requestlog.RequestEntry;
import io.modelproxy.requestlog.RequestEvents;
import io.modelproxy.requestlog.RequestLog;
import io.modelproxy.routing.Route;
import io.modelproxy.routing.RoutedModel;
import io.modelproxy.routing.RoutingTable;
import io.modelproxy.sharedstate.LimitState;
import io.modelproxy.upstream.Upstream;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    /** OpenTelemetry's advised buckets for gen_ai.client.token.usage. */
    private static final double[] TOKEN_BUCKETS = {1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576,
            4194304, 16777216, 67108864};
    private static final Duration[] DURATION_BUCKETS = seconds(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56,
            5.12, 10.24, 20.48, 40.96, 81.92);
    private static final Duration[] TTFT_BUCKETS = seconds(0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5,
            0.75, 1.0, 2.5, 5.0, 7.5, 10.0);
    private static final Duration[] TPOT_BUCKETS = seconds(0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5,
            0.75, 1.0, 2.5);
    static final String NONE = "none";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final InstantSource clock;
    private final AtomicInteger streams = new AtomicInteger();
    private final MultiGauge keysCooling;
    private final MultiGauge circuits;
    private final Set<String> dropSinks = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<Labels, Series> series = new ConcurrentHashMap<>();

    /**
     * @param tables the table in service (for the gauges of keys, circuits and the config generation)
     * @param reloadFailures failed reloads so far
     * @param difficulty the difficulty router's counters
     */
    public GatewayMetrics(InstantSource clock, Supplier<RoutingTable> tables, LongSupplier reloadFailures,
            LimitState limits, DifficultyStats difficulty) {
        this.clock = clock;
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
        keysCooling = MultiGauge.builder("modelproxy.keys.cooling")
                .description("Keys of a provider that cannot serve every model now (cooling down or suspended)")
                .register(registry);
        circuits = MultiGauge.builder("modelproxy.route.circuit.open")
                .description("1 while a route's circuit is open (the route is skipped), else 0").register(registry);
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
        long now = clock.millis();
        List<MultiGauge.Row<?>> keyRows = new ArrayList<>();
        List<MultiGauge.Row<?>> circuitRows = new ArrayList<>();
        if (table != null) {
            for (Upstream u : table.upstreams().values()) {
                keyRows.add(MultiGauge.Row.of(Tags.of("provider", u.name()), u, p -> cooling(p, clock.millis())));
            }
            Map<String, Route> routes = new LinkedHashMap<>();
            for (RoutedModel m : table.models()) {
                m.routes().forEach(r -> routes.putIfAbsent(r.id(), r));
            }
            routes.forEach((id, r) -> circuitRows.add(MultiGauge.Row.of(Tags.of("route", id), r,
                    route -> route.circuit().isOpen(clock.millis()) ? 1 : 0)));
        }
        keysCooling.register(keyRows, true);
        circuits.register(circuitRows, true);
        for (String sink : requestLog.dropped().keySet()) {
            if (dropSinks.add(sink)) {
                FunctionCounter.builder("modelproxy.request_log.dropped", requestLog, l -> l.dropped().getOrDefault(sink, 0L))
                        .tag("sink", sink).description("Request records a sink dropped (its queue was full or its writes failed)")
                        .register(registry);
            }
        }
    }

    private static int cooling(Upstream upstream, long now) {
        int n = 0;
        for (PooledKey k : upstream.keys().keys()) {
            if (k.state().providerCoolingUntil() > now || !k.state().modelCooldowns(now).isEmpty()) {
                n++;
            }
        }
        return n;
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
        Series series = this.series.computeIfAbsent(Labels.of(e), Series::new);
        series.requests.increment();
        if (series.duration == null) {
            return;
        }
        series.attempts.record(e.attempts().size());
        series.duration.record(e.latencyMillis(), TimeUnit.MILLISECONDS);
        if (e.ttftMillis() >= 0) {
            series.ttft().record(e.ttftMillis(), TimeUnit.MILLISECONDS);
            if (e.outputTokens() > 1) {
                series.tpot().record((long) ((e.latencyMillis() - e.ttftMillis()) * 1_000_000.0 / (e.outputTokens() - 1)),
                        TimeUnit.NANOSECONDS);
            }
        }
        if (series.generates) {
            boolean estimated = "estimated".equals(e.usage());
            long[] counts = {e.inputTokens(), e.outputTokens(), e.cachedTokens(), e.reasoningTokens()};
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] >= 0) {
                    series.tokens(i, estimated).record(counts[i]);
                }
            }
        }
    }

    private static final String[] TOKEN_TYPES = {"input", "output", "cached_input", "reasoning"};

    /** What tells the series of a request apart: every label of every series it counts in. */
    private record Labels(String client, String model, String route, String provider, String statusClass, boolean stream,
            String operation, String responseModel, String errorType) {
        static Labels of(RequestEntry e) {
            String operation = e.logicalModel() == null ? null : GatewayMetrics.operation(e.path());
            return new Labels(e.client(), e.logicalModel() == null ? NONE : e.logicalModel(),
                    e.route() == null ? NONE : e.route(), e.provider() == null ? NONE : e.provider(), e.statusClass(),
                    e.stream(), operation, e.upstreamModel() == null ? NONE : e.upstreamModel(),
                    e.errorType() == null ? "" : e.errorType());
        }
    }

    /**
     * The meters of one {@link Labels}, looked up once per request: building meters costs more than
     * recording. Those a request may not need are registered on first use, so that no empty series shows.
     * Two threads registering the same meter get the same one from the registry.
     */
    private final class Series {
        final Counter requests;
        final DistributionSummary attempts;
        final Timer duration;
        final Tags common;
        final Labels labels;
        /** A model call that generates tokens (not a token count). */
        final boolean generates;
        private volatile Timer ttft;
        private volatile Timer tpot;
        private final DistributionSummary[] tokens = new DistributionSummary[TOKEN_TYPES.length * 2];

        Series(Labels l) {
            labels = l;
            requests = registry.counter("modelproxy.requests", "client", l.client(), "model", l.model(), "route", l.route(),
                    "provider", l.provider(), "status_class", l.statusClass(), "stream", String.valueOf(l.stream()));
            generates = "chat".equals(l.operation()) || "embeddings".equals(l.operation());
            if (l.operation() == null) {
                attempts = null;
                duration = null;
                common = null;
                return;
            }
            attempts = DistributionSummary.builder("modelproxy.request.attempts").tag("model", l.model())
                    .description("Upstream attempts per request").serviceLevelObjectives(1, 2, 3, 4, 5, 10).register(registry);
            common = Tags.of("gen_ai.operation.name", l.operation(), "gen_ai.request.model", l.model(),
                    "gen_ai.response.model", l.responseModel(), "gen_ai.provider.name", l.provider());
            duration = Timer.builder("gen_ai.server.request.duration").tags(common).tag("error.type", l.errorType())
                    .description("Time from the request's arrival to the end of its answer")
                    .serviceLevelObjectives(DURATION_BUCKETS).register(registry);
        }

        Timer ttft() {
            Timer t = ttft;
            if (t == null) {
                t = Timer.builder("gen_ai.server.time_to_first_token").tags(common)
                        .description("Time from the request's arrival to the first byte of its streamed answer")
                        .serviceLevelObjectives(TTFT_BUCKETS).register(registry);
                ttft = t;
            }
            return t;
        }

        Timer tpot() {
            Timer t = tpot;
            if (t == null) {
                t = Timer.builder("gen_ai.server.time_per_output_token").tags(common)
                        .description("Time per output token after the first, of streamed answers")
                        .serviceLevelObjectives(TPOT_BUCKETS).register(registry);
                tpot = t;
            }
            return t;
        }

        DistributionSummary tokens(int type, boolean estimated) {
            int index = (estimated ? TOKEN_TYPES.length : 0) + type;
            DistributionSummary d = tokens[index];
            if (d == null) {
                d = DistributionSummary.builder("gen_ai.client.token.usage").tags(common)
                        .tag("gen_ai.token.type", TOKEN_TYPES[type]).tag("client", labels.client())
                        .tag("estimated", String.valueOf(estimated))
                        .description("Tokens per request, by type (input, output, cached_input, reasoning);"
                                + " estimated=\"true\" where the upstream reported none and the gateway counted them")
                        .serviceLevelObjectives(TOKEN_BUCKETS).register(registry);
                tokens[index] = d;  // a racing thread stores the same meter
            }
            return d;
        }
    }

    /** The GenAI operation of an endpoint, null for those that are not model calls. */
    static String operation(String fullPath) {
        // under a path prefix (/openai, /anthropic, /team-a) the API is the same
        int v1 = fullPath.indexOf("/v1/");
        String path = v1 > 0 ? fullPath.substring(v1) : fullPath;
        if (path.startsWith("/v1/messages/count_tokens")) {
            return "count_tokens";
        }
        if (path.startsWith("/v1/chat/") || path.startsWith("/v1/messages") || path.startsWith("/v1/responses")) {
            return "chat";
        }
        if (path.startsWith("/v1/embeddings")) {
            return "embeddings";
        }
        return null;
    }

    private static Duration[] seconds(double... values) {
        Duration[] out = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Duration.ofNanos((long) (values[i] * 1_000_000_000L));
        }
        return out;
    }
}
