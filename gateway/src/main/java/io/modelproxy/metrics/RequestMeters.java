package io.modelproxy.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.modelproxy.requestlog.RequestEntry;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The series a finished request counts in: requests and attempts, and for a model call the GenAI
 * request duration, time to first token, time per output token and token usage, one set of meters per
 * distinct set of labels.
 */
final class RequestMeters {
    /** OpenTelemetry's advised buckets for gen_ai.client.token.usage. */
    private static final double[] TOKEN_BUCKETS = {1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576,
            4194304, 16777216, 67108864};
    private static final Duration[] DURATION_BUCKETS = seconds(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56,
            5.12, 10.24, 20.48, 40.96, 81.92);
    private static final Duration[] TTFT_BUCKETS = seconds(0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5,
            0.75, 1.0, 2.5, 5.0, 7.5, 10.0);
    private static final Duration[] TPOT_BUCKETS = seconds(0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5,
            0.75, 1.0, 2.5);
    private static final String NONE = "none";
    private static final String[] TOKEN_TYPES = {"input", "output", "cached_input", "reasoning"};

    private final MeterRegistry registry;
    private final ConcurrentHashMap<Labels, Series> series = new ConcurrentHashMap<>();

    RequestMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts {@code e} in the series of its labels. */
    void record(RequestEntry e) {
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

    /** What tells the series of a request apart: every label of every series it counts in. */
    private record Labels(String client, String model, String route, String provider, String statusClass, boolean stream,
            String operation, String responseModel, String errorType) {
        static Labels of(RequestEntry e) {
            String operation = e.logicalModel() == null ? null : RequestMeters.operation(e.path());
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
            return t != null ? t : (ttft = timer("gen_ai.server.time_to_first_token",
                    "Time from the request's arrival to the first byte of its streamed answer", TTFT_BUCKETS));
        }

        Timer tpot() {
            Timer t = tpot;
            return t != null ? t : (tpot = timer("gen_ai.server.time_per_output_token",
                    "Time per output token after the first, of streamed answers", TPOT_BUCKETS));
        }

        private Timer timer(String name, String description, Duration[] buckets) {
            return Timer.builder(name).tags(common).description(description).serviceLevelObjectives(buckets)
                    .register(registry);
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
