package io.modelproxy.server;

import io.modelproxy.attempt.AttemptServices;
import io.modelproxy.endpoint.ClientAuthentication;
import io.modelproxy.dialect.ClientErrors;
import io.modelproxy.endpoint.ProxyService;
import io.modelproxy.endpoint.ProxyServices;
import io.modelproxy.request.Operation;
import io.modelproxy.attempt.TokenCounts;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.util.Exceptions;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.metric.MetricCollectingService;
import com.linecorp.armeria.common.metric.MeterIdPrefixFunction;
import io.modelproxy.health.KeyStatuses;
import io.modelproxy.metrics.GatewayMetrics;
import io.modelproxy.metrics.MetricsService;
import io.modelproxy.requestlog.RequestLog;
import io.modelproxy.requestlog.RequestObserver;
import io.modelproxy.api.Dialect;
import io.modelproxy.configsource.ConfigSource;
import io.modelproxy.difficulty.DifficultyRouter;
import io.modelproxy.difficulty.DifficultyStats;
import io.modelproxy.docs.ApiDocs;
import io.modelproxy.health.HealthService;
import io.modelproxy.models.ModelDiscoveryCache;
import io.modelproxy.models.ModelsService;
import io.modelproxy.passthrough.CatchAllService;
import io.modelproxy.prefix.ApiRoutes;
import io.modelproxy.enforcement.ToolCallEnforcer;
import io.modelproxy.routing.Circuits;
import io.modelproxy.routing.LocalSettings;
import io.modelproxy.routing.RoutingTable;
import io.modelproxy.sharedstate.LimitState;
import io.modelproxy.dialect.Dialects;
import io.modelproxy.upstream.Upstreams;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's data plane: an Armeria server with the client API, health and model listing, serving
 * from a {@link ConfigSource} that it watches and reloads without a restart.
 *
 * <pre>{@code
 * GatewayServer gateway = GatewayServer.builder(new FileConfigSource(file, secretsDir, Duration.ofSeconds(5)))
 *         .host("127.0.0.1").port(9876)
 *         .build()
 *         .start();
 * }</pre>
 */
public final class GatewayServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GatewayServer.class);
    static final String PRODUCT = "Model Proxy";

    private final ConfigSource source;
    private final String host;
    private final int port;
    private final Dialects dialects;
    private final ClientErrors errors;
    private final ProxyServices services;
    private final InstantSource clock;
    private final LocalSettings local;
    private final Duration shutdownGrace;
    private final LimitState limitState;
    private final Upstreams upstreams;
    private final ConfigWatcher watcher;
    private final List<BiConsumer<GatewayServer, ServerBuilder>> mounts;
    private final RequestLog requestLog;
    private final GatewayMetrics metrics;
    private Server server;

    GatewayServer(GatewayServerBuilder b, boolean loopbackOnly) {
        this.source = b.source;
        this.host = b.host;
        this.port = b.port;
        this.dialects = b.dialects != null ? b.dialects : Dialects.standard();
        this.errors = new ClientErrors(dialects);
        this.clock = b.clock;
        this.shutdownGrace = b.shutdownGrace;
        this.mounts = List.copyOf(b.mounts);
        this.local = new LocalSettings(b.clientApiKey, b.corsOrigins, b.defaultContextWindow, loopbackOnly);
        this.limitState = new LimitState(clock);
        this.upstreams = new Upstreams(limitState.cooldowns());
        TokenCounts tokenCounts = new TokenCounts();
        this.requestLog = new RequestLog(tokenCounts::estimator);
        this.watcher = new ConfigWatcher(source, local, upstreams, new Circuits(), clock, limitState, requestLog::configure);
        DifficultyRouter difficulty = new DifficultyRouter(dialects, clock);
        this.metrics = new GatewayMetrics(clock, watcher, watcher::failures, limitState, difficulty.stats());
        AttemptServices attempts = new AttemptServices(dialects, errors,
                b.translators != null ? b.translators : dialects::between, tokenCounts, clock);
        this.services = new ProxyServices(attempts, new ToolCallEnforcer(dialects), limitState, watcher::limiter,
                difficulty);
    }

    public static GatewayServerBuilder builder(ConfigSource source) {
        return new GatewayServerBuilder(source);
    }

    /**
     * Loads the config, binds and starts serving and watching. A config that fails to load at start
     * leaves the gateway up but not ready ({@code /health/ready} 503) until a good one appears, except
     * on a non-loopback address without {@code CLIENT_API_KEY}: there the gateway cannot tell whether
     * clients must authenticate, so it refuses to start.
     *
     * @throws GatewayStartException with a message fit for an operator
     */
    public synchronized GatewayServer start() {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        boolean loaded = watcher.reload();
        if (!loaded && !local.loopbackOnly() && local.clientApiKey() == null) {
            throw new GatewayStartException(watcher.status().lastError());
        }
        Server s = build();
        try {
            s.start().join();
        } catch (RuntimeException e) {
            Throwable cause = Exceptions.peel(e);
            s.closeAsync();
            throw new GatewayStartException("cannot listen on " + host + ":" + port + ": " + cause.getMessage());
        }
        server = s;
        source.watch(watcher::reload);
        log.info("{} listening on {} ({})", PRODUCT, uri(), loaded ? "config loaded" : "waiting for a valid config");
        return this;
    }

    private Server build() {
        ModelDiscoveryCache catalog = new ModelDiscoveryCache(clock);
        HealthService health = new HealthService(watcher, watcher::status, clock);
        ClientAuthentication auth = new ClientAuthentication(watcher, errors);
        RequestObserver observer = new RequestObserver(requestLog, watcher, () -> metrics);
        Function<? super HttpService, ? extends HttpService> httpMetrics =
                MetricCollectingService.newDecorator(MeterIdPrefixFunction.ofDefault("armeria.server"));
        // every client API route: authenticated, recorded in the request log and metrics (armeria_server_* for
        // HTTP, unless the config turns metrics off)
        UnaryOperator<HttpService> client = service -> {
            HttpService served = service.decorate(auth).decorate(observer);
            HttpService metered = served.decorate(httpMetrics);
            return served.decorate((delegate, ctx, req) -> metricsOn() ? metered.serve(ctx, req) : delegate.serve(ctx, req));
        };
        Duration quiet = shutdownGrace.compareTo(Duration.ofSeconds(1)) < 0 ? shutdownGrace : Duration.ofSeconds(1);
        ServerBuilder sb = Server.builder()
                .http(new InetSocketAddress(host, port))
                // each proxied request gets the config's maxRequestBytes (it changes on reload)
                .maxRequestLength(0)
                // no "server: Armeria/<version>" on every answer: it tells a scanner the framework and its version,
                // and each held stream's log kept the header for the stream's life (Date stays: RFC 9110 asks for it)
                .disableServerHeader()
                .errorHandler(new DialectErrors(errors))
                .gracefulShutdownTimeout(quiet, shutdownGrace)
                .connectionDrainDuration(quiet)
                .meterRegistry(metrics.registry())
                .decorator(new Cors(this::corsOrigins));
        // /healthz: the name Kubernetes-style probes and other proxies' users reach for
        sb.service("/health", health).service("/healthz", health).service("/health/ready", health)
                .service("/health/detailed", health);
        HttpService root = (ctx, req) -> HttpResponse.of(PRODUCT);
        sb.route().path("/").methods(HttpMethod.GET, HttpMethod.HEAD).build(root);
        sb.service("/metrics", new MetricsService(metrics, watcher, requestLog));
        ApiRoutes api = new ApiRoutes(sb);
        proxy(api, client, "/v1/chat/completions", Dialect.OpenAIChat, Operation.GENERATE, false);
        proxy(api, client, "/v1/chat/completions/stream", Dialect.OpenAIChat, Operation.GENERATE, true);
        proxy(api, client, "/v1/chat/completions-stream", Dialect.OpenAIChat, Operation.GENERATE, true);
        proxy(api, client, "/v1/responses", Dialect.OpenAIResponses, Operation.GENERATE, false);
        proxy(api, client, "/v1/messages", Dialect.AnthropicMessages, Operation.GENERATE, false);
        proxy(api, client, "/v1/messages-stream", Dialect.AnthropicMessages, Operation.GENERATE, true);
        proxy(api, client, "/v1/messages/count_tokens", Dialect.AnthropicMessages, Operation.COUNT_TOKENS, false);
        proxy(api, client, "/v1/embeddings", Dialect.OpenAIChat, Operation.EMBEDDINGS, false);
        proxy(api, client, "/v1/audio/transcriptions", Dialect.OpenAIChat, Operation.TRANSCRIPTION, false);
        proxy(api, client, "/v1/audio/translations", Dialect.OpenAIChat, Operation.TRANSLATION, false);
        HttpService models = client.apply(new ModelsService(catalog, errors));
        api.get("/v1/models", models).getUnder("/v1/models/", models);
        ApiDocs.mount(sb);
        mounts.forEach(mount -> mount.accept(this, sb));
        // every other POST /v1/*: a named model's routes, else the passthrough provider, else 404; registered
        // last, so the endpoints above and the mounts' own /v1/admin routes come first
        Map<Dialect, HttpService> forward = new EnumMap<>(Dialect.class);
        Map<Dialect, HttpService> passthrough = new EnumMap<>(Dialect.class);
        for (Dialect dialect : List.of(Dialect.OpenAIChat, Dialect.AnthropicMessages)) {
            forward.put(dialect, new ProxyService(dialect, Operation.FORWARD, false, services));
            passthrough.put(dialect, new ProxyService(dialect, Operation.PASSTHROUGH, false, services));
        }
        api.postUnder("/v1/", client.apply(new CatchAllService(forward, passthrough, errors)));
        // the same API under /openai, /anthropic and the config's path prefixes: every path no route above claims
        api.mountPrefixes(watcher);
        return sb.build();
    }

    private void proxy(ApiRoutes api, UnaryOperator<HttpService> client, String path, Dialect dialect, Operation operation,
            boolean forceStream) {
        api.post(path, client.apply(new ProxyService(dialect, operation, forceStream, services)));
    }

    private boolean metricsOn() {
        RoutingTable table = watcher.get();
        return table == null || table.settings().metrics();
    }

    private List<String> corsOrigins() {
        RoutingTable table = watcher.get();
        if (table == null) {
            return local.corsOrigins();
        }
        return table.corsOrigins();
    }

    /** The bound port (the real one when built with port 0). */
    public int port() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return server.activeLocalPort();
    }

    /** The base URI clients use, e.g. {@code http://127.0.0.1:9876}. */
    public URI uri() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("http://" + h + ":" + port());
    }

    /** True once a config is loaded. */
    public boolean ready() {
        return watcher.get() != null;
    }

    /** Difficulty routing's counters: what metrics read. */
    public DifficultyStats difficultyStats() {
        return services.difficulty().stats();
    }

    /** The buffer of recent requests (what the admin's Requests page reads) and the request log's sinks. */
    public RequestLog requestLog() {
        return requestLog;
    }

    /** The state of every upstream key, for the admin. */
    public KeyStatuses keyStatuses() {
        return new KeyStatuses(watcher, clock);
    }

    /** Rate-limit budgets, refusals and the shared state's outages: what metrics read. */
    public LimitState limitState() {
        return limitState;
    }

    /** Blocks until the server stops. */
    public void awaitTermination() {
        Server s;
        synchronized (this) {
            s = server;
        }
        if (s != null) {
            s.whenClosed().join();
        }
    }

    /** Stops watching, lets in-flight requests finish (see {@link GatewayServerBuilder#shutdownGrace}) and stops. */
    @Override
    public void close() {
        closeAsync().join();
    }

    /** Like {@link #close()} without waiting for the listener's threads to wind down. */
    public synchronized CompletableFuture<Void> closeAsync() {
        source.close();
        Server s = server;
        server = null;
        CompletableFuture<Void> stopped = s == null ? CompletableFuture.completedFuture(null) : s.stop().thenApply(v -> null);
        return stopped.whenComplete((v, e) -> {
            upstreams.close();
            limitState.close();
            requestLog.close();
        });
    }
}
