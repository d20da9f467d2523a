package io.modelproxy.metrics;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
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

    /**
     * @param tables the table in service (for the gauges of keys, circuits and the config generation)
     * @param reloadFailures failed reloads so far
     */
    public GatewayMetrics(InstantSource clock, Supplier<RoutingTable> tables, LongSupplier reloadFailures,
            LimitState limits) {
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
        String model = e.logicalModel() == null ? NONE : e.logicalModel();
        String route = e.route() == null ? NONE : e.route();
        String provider = e.provider() == null ? NONE : e.provider();
        String responseModel = e.upstreamModel() == null ? NONE : e.upstreamModel();
        registry.counter("modelproxy.requests", "client", e.client(), "model", model, "route", route, "provider", provider,
                "status_class", e.statusClass(), "stream", String.valueOf(e.stream())).increment();
        String operation = operation(e.path());
        if (operation == null || e.logicalModel() == null) {
            return;
        }
        DistributionSummary.builder("modelproxy.request.attempts").tag("model", model)
                .description("Upstream attempts per request").serviceLevelObjectives(1, 2, 3, 4, 5, 10)
                .register(registry).record(e.attempts().size());
        Tags common = Tags.of("gen_ai.operation.name", operation, "gen_ai.request.model", model,
                "gen_ai.response.model", responseModel, "gen_ai.provider.name", provider);
        Timer.builder("gen_ai.server.request.duration").tags(common)
                .tag("error.type", e.errorType() == null ? "" : e.errorType())
                .description("Time from the request's arrival to the end of its answer")
                .serviceLevelObjectives(DURATION_BUCKETS).register(registry)
                .record(e.latencyMillis(), TimeUnit.MILLISECONDS);
        if (e.ttftMillis() >= 0) {
            Timer.builder("gen_ai.server.time_to_first_token").tags(common)
                    .description("Time from the request's arrival to the first byte of its streamed answer")
                    .serviceLevelObjectives(TTFT_BUCKETS).register(registry)
                    .record(e.ttftMillis(), TimeUnit.MILLISECONDS);
            if (e.outputTokens() > 1) {
                Timer.builder("gen_ai.server.time_per_output_token").tags(common)
                        .description("Time per output token after the first, of streamed answers")
                        .serviceLevelObjectives(TPOT_BUCKETS).register(registry)
                        .record((long) ((e.latencyMillis() - e.ttftMillis()) * 1_000_000.0 / (e.outputTokens() - 1)),
                                TimeUnit.NANOSECONDS);
            }
        }
        if (!"chat".equals(operation) && !"embeddings".equals(operation)) {
            return;  // a token count generates nothing: its input_tokens are an answer, not usage
        }
        String estimated = String.valueOf("estimated".equals(e.usage()));
        tokens(common, e.client(), estimated, "input", e.inputTokens());
        tokens(common, e.client(), estimated, "output", e.outputTokens());
        tokens(common, e.client(), estimated, "cached_input", e.cachedTokens());
        tokens(common, e.client(), estimated, "reasoning", e.reasoningTokens());
    }

    private void tokens(Tags common, String client, String estimated, String type, long count) {
        if (count < 0) {
            return;
        }
        DistributionSummary.builder("gen_ai.client.token.usage").tags(common).tag("gen_ai.token.type", type)
                .tag("client", client).tag("estimated", estimated)
                .description("Tokens per request, by type (input, output, cached_input, reasoning); estimated=\"true\""
                        + " where the upstream reported none and the gateway counted them")
                .serviceLevelObjectives(TOKEN_BUCKETS).register(registry).record(count);
    }

    /** The GenAI operation of an endpoint, null for those that are not model calls. */
    static String operation(String path) {
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
