package io.modelproxy.proxy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpHeadersBuilder;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.modelproxy.api.ErrorAction;
import io.modelproxy.api.Protocol;
import io.modelproxy.auth.Credential;
import io.modelproxy.dialect.ApiError;
import io.modelproxy.keys.PooledKey;
import io.modelproxy.keys.RetryAfter;
import io.modelproxy.requestlog.RequestTrace;
import io.modelproxy.routing.Route;
import io.modelproxy.routing.RoutedModel;
import io.modelproxy.routing.RoutingTable;
import io.modelproxy.translate.ExchangeTranslator;
import io.modelproxy.translate.SystemPromptEdits;
import io.modelproxy.translate.TranslationException;
import io.modelproxy.translate.UpstreamTarget;
import io.modelproxy.upstream.ErrorPolicy;
import io.modelproxy.upstream.Upstream;
import io.netty.util.AsciiString;
import java.io.IOException;
import java.time.InstantSource;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client request's way through the attempt loop: the routes of the model and its fallbacks in
 * order, the keys of each route in rotation, the provider's error policy after each failure, until
 * one attempt commits or nothing is left. Everything runs on the request's event loop, one step at a
 * time, so the state below needs no locking.
 */
final class Exchange {
    private static final Logger log = LoggerFactory.getLogger(Exchange.class);
    private static final AsciiString SHOULD_RETRY = AsciiString.cached("x-should-retry");
    /** How often one request may wait for a cooling key before giving up. */
    private static final int MAX_WAITS = 3;

    private final ServiceRequestContext ctx;
    private final RoutedModel model;
    private final ClientRequest request;
    private final Operation operation;
    private final RequestHeaders clientHeaders;
    private final Credential credential;
    private final BiFunction<Protocol, Protocol, ExchangeTranslator> translators;
    private final TokenCounts counts;
    private final InstantSource clock;
    private final List<Route> candidates;
    private final long deadlineNanos;
    private final byte[] quotedClientModel;
    private final CompletableFuture<HttpResponse> result = new CompletableFuture<>();

    private int routeIndex;
    private Iterator<PooledKey> keys;
    private boolean credentialUsed;
    private ExchangeTranslator translator;
    private final RequestTrace record;
    private int attempts;
    private String lastRoute;
    private ApiError lastError;
    private ResponseHeaders lastErrorHeaders;
    private long earliestKey = Long.MAX_VALUE;
    /** Some key skipped or cooled was rate limited (per model), not suspended for its whole provider. */
    private boolean rateLimited;
    private long earliestCircuit = Long.MAX_VALUE;
    private String untranslatable;
    private String keyless;
    private int waits;
    private UpstreamCall current;
    private boolean done;

    /**
     * @param operation a generation, or an Anthropic count_tokens request
     * @param counts local token counts for count_tokens on routes to providers without the endpoint
     */
    Exchange(ServiceRequestContext ctx, RoutingTable table, RoutedModel model, ClientRequest request, Operation operation,
            RequestHeaders clientHeaders, Credential credential,
            BiFunction<Protocol, Protocol, ExchangeTranslator> translators, TokenCounts counts, InstantSource clock,
            RequestTrace record) {
        this.ctx = ctx;
        this.model = model;
        this.request = request;
        this.operation = operation;
        this.clientHeaders = clientHeaders;
        this.credential = credential;
        this.translators = translators;
        this.counts = counts;
        this.clock = clock;
        this.record = record;
        this.candidates = table.candidates(model);
        int budget = model.config().timeoutSeconds();
        this.deadlineNanos = budget > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(budget) : 0;
        this.quotedClientModel = JsonFields.quoted(request.model());
    }

    CompletableFuture<HttpResponse> run() {
        ctx.whenRequestCancelling().thenRun(() -> ctx.eventLoop().execute(this::cancel));
        ctx.eventLoop().execute(this::next);
        return result;
    }

    private void next() {
        if (done) {
            return;
        }
        while (routeIndex < candidates.size()) {
            Route route = candidates.get(routeIndex);
            if (operation == Operation.COUNT_TOKENS && route.upstream().protocol() != Protocol.AnthropicMessages) {
                countLocally(route);
                return;
            }
            if (keys == null && !enter(route)) {
                routeIndex++;
                continue;
            }
            PooledKey key = null;
            if (route.upstream().keys().forwardsClientCredential()) {
                if (credentialUsed) {
                    leave();
                    continue;
                }
                credentialUsed = true;
            } else {
                key = nextUsableKey(route);
                if (key == null) {
                    leave();
                    continue;
                }
            }
            long budget = remainingMillis();
            if (budget <= 0) {
                timedOut();
                return;
            }
            attempt(route, key, Math.min(route.timeoutSeconds() * 1000L, budget));
            return;
        }
        exhausted();
    }

    /** Prepares a route's keys; false when the route cannot be tried now. */
    private boolean enter(Route route) {
        Upstream upstream = route.upstream();
        translator = null;
        if (upstream.protocol() != request.dialect()) {
            translator = translators.apply(request.dialect(), upstream.protocol());
            if (translator == null) {
                untranslatable = "translation from " + request.dialect() + " to " + upstream.protocol()
                        + " is not available (route " + route.id() + ")";
                return false;
            }
        }
        long now = clock.millis();
        if (!route.circuit().tryPass(now)) {
            earliestCircuit = Math.min(earliestCircuit, route.circuit().retryAt());
            return false;
        }
        if (upstream.keys().keys().isEmpty() && !upstream.keys().forwardsClientCredential()) {
            keyless = "provider " + upstream.name() + " has no usable API key (none of its configured keys could be read)";
            return false;
        }
        if (upstream.keys().forwardsClientCredential() && upstream.protocol() != request.dialect()) {
            // a credential the client issued for its own API must never reach a provider of another vendor
            keyless = "provider " + upstream.name() + " has no API keys, and the client's own credential is only "
                    + "forwarded to providers of the client's dialect (" + request.dialect() + ")";
            return false;
        }
        keys = upstream.keys().rotation().iterator();
        credentialUsed = false;
        return true;
    }

    private void leave() {
        keys = null;
        routeIndex++;
    }

    private PooledKey nextUsableKey(Route route) {
        long now = clock.millis();
        while (keys.hasNext()) {
            PooledKey k = keys.next();
            long until = k.state().coolingUntil(route.model(), now);
            if (until <= now) {
                return k;
            }
            rateLimited |= k.state().providerCoolingUntil() < until;
            earliestKey = Math.min(earliestKey, until);
        }
        return null;
    }

    private void attempt(Route route, PooledKey key, long firstByteMillis) {
        UpstreamTarget target = new UpstreamTarget(request.model(), route.model(),
                route.owner().defaultMaxTokens(), route.maxOutputTokens());
        byte[] body;
        try {
            ObjectNode edited = withSystemPromptEdits(route);
            if (translator != null) {
                body = ClientRequest.JSON.writeValueAsBytes(translator.request(edited != null ? edited : request.tree(), target));
            } else if (edited != null) {
                body = ClientRequest.JSON.writeValueAsBytes(edited.put("model", route.model()));
            } else {
                body = request.upstreamBody(JsonFields.quoted(route.model()));
            }
        } catch (TranslationException e) {
            respond(e.error(), null);
            return;
        } catch (IOException | RuntimeException e) {
            log.error("translating a {} request for {} failed: {}", request.dialect(), route.id(), e.toString());
            respond(ApiError.of(500, "the gateway could not translate the request for " + route.id()), null);
            return;
        }
        attempts++;
        lastRoute = route.id();
        record.attempt(route, key);
        ExchangeTranslator routeTranslator = translator;
        Supplier<ClientStream> streams = routeTranslator == null
                ? () -> new PassThroughStream(request.dialect(), request.model(), quotedClientModel)
                : () -> new TranslatedStream(routeTranslator.stream(target));
        // a token count names no model: its answer goes back as the provider sent it
        UpstreamCall call = new UpstreamCall(ctx.eventLoop(), route, attempts, routeTranslator, target, streams,
                operation == Operation.COUNT_TOKENS ? null : quotedClientModel);
        current = call;
        boolean stream = request.stream() && operation == Operation.GENERATE;
        call.start(UpstreamHeaders.request(route.upstream(), operation.path(route.upstream()), clientHeaders,
                                routeTranslator == null, key, credential, stream),
                        body, stream, firstByteMillis)
                .whenCompleteAsync((outcome, error) -> onOutcome(route, key, outcome, error), ctx.eventLoop());
    }

    /**
     * The client's body with the system prompt edits of the LogicalModel the route belongs to (a
     * fallback model's own edits on its routes), or null when it has none: the body then goes out as
     * it came.
     */
    private ObjectNode withSystemPromptEdits(Route route) {
        SystemPromptEdits edits = new SystemPromptEdits(route.owner().systemPrompt());
        return edits.isEmpty() ? null : edits.apply(request.dialect(), request.tree().deepCopy());
    }

    /** count_tokens on a route whose provider cannot count: the gateway's own estimate ends the exchange. */
    private void countLocally(Route route) {
        done = true;
        lastRoute = route.id();
        ObjectNode edited = withSystemPromptEdits(route);
        HttpHeaders extra = HttpHeaders.builder().set(UpstreamHeaders.ROUTE, lastRoute).setInt(UpstreamHeaders.ATTEMPTS, attempts).build();
        counts.estimate(ctx, edited != null ? edited : request.tree(), extra).whenComplete((response, error) -> {
            if (error != null) {
                log.error("counting tokens for {} failed: {}", lastRoute, error.toString());
                result.complete(ClientErrors.response(request.dialect(), ApiError.of(500, "the gateway could not count the tokens of this request")));
            } else {
                result.complete(response);
            }
        });
    }

    private void onOutcome(Route route, PooledKey key, Outcome outcome, Throwable error) {
        current = null;
        if (done) {
            if (outcome instanceof Outcome.Committed c) {
                c.response().abort();
            }
            return;
        }
        if (error != null) {
            outcome = new Outcome.Failed(ApiError.of(502, "provider " + route.upstream().name() + " failed: " + error));
        }
        switch (outcome) {
            case Outcome.Committed c -> {
                record.attemptEnded(200, "committed");
                route.circuit().recordSuccess();
                done = true;
                result.complete(c.response());
            }
            case Outcome.Failed f -> {
                record.attemptEnded(0, "failed");
                lastError = f.error();
                lastErrorHeaders = null;
                route.circuit().recordFailure(clock.millis());
                leave();
                next();
            }
            case Outcome.UpstreamError e -> onUpstreamError(route, key, e);
        }
    }

    private void onUpstreamError(Route route, PooledKey key, Outcome.UpstreamError e) {
        Upstream upstream = route.upstream();
        ErrorPolicy.Decision decision = upstream.errorPolicy().decide(e.status(), e.body());
        record.attemptEnded(e.status(), decision.action().name());
        ApiError error = redact(ApiError.fromUpstream(e.status(), e.body()), key);
        lastError = error;
        lastErrorHeaders = e.headers();
        long now = clock.millis();
        switch (decision.action()) {
            case Return -> {
                respond(error, e.headers());
                return;
            }
            case RetryNextKey -> { }
            case CooldownKeyForModel, CooldownKeyForProvider -> {
                if (key != null) {
                    boolean forModel = decision.action() == ErrorAction.CooldownKeyForModel;
                    int fallbackSeconds = decision.cooldownSeconds() != null ? decision.cooldownSeconds()
                            : forModel ? upstream.cooldownSeconds() : upstream.authFailureCooldownSeconds();
                    OptionalLong retryAfter = RetryAfter.millis(e.headers().get(HttpHeaderNames.RETRY_AFTER), now);
                    long until = now + retryAfter.orElse(fallbackSeconds * 1000L);
                    if (forModel) {
                        key.state().coolForModel(route.model(), until, e.status());
                        rateLimited = true;
                    } else {
                        key.state().coolForProvider(until, e.status());
                    }
                    record.cooldown(route, key, e.status(), !forModel);
                    earliestKey = Math.min(earliestKey, until);
                }
            }
            case FallBack -> {
                route.circuit().recordFailure(now);
                leave();
            }
        }
        next();
    }

    /** Upstream error messages sometimes echo the key they were sent; the client never sees it. */
    private static ApiError redact(ApiError error, PooledKey key) {
        if (key == null || !error.message().contains(key.key().value())) {
            return error;
        }
        return new ApiError(error.status(), error.type(), error.message().replace(key.key().value(), "[redacted]"),
                error.param(), error.code());
    }

    private void exhausted() {
        long now = clock.millis();
        if (earliestKey != Long.MAX_VALUE && deadlineNanos != 0 && waits < MAX_WAITS) {
            long wait = Math.max(0, earliestKey - now);
            if (wait < remainingMillis()) {
                waits++;
                routeIndex = 0;
                keys = null;
                earliestKey = Long.MAX_VALUE;
                rateLimited = false;
                earliestCircuit = Long.MAX_VALUE;
                ctx.eventLoop().schedule(this::next, wait, TimeUnit.MILLISECONDS);
                return;
            }
        }
        if (lastError != null) {
            respond(lastError, lastErrorHeaders);
        } else if (earliestKey != Long.MAX_VALUE && rateLimited) {
            respond(ApiError.of(429, "every key serving model " + request.model() + " is cooling down; retry in "
                    + seconds(earliestKey - now) + " s"), null);
        } else if (earliestKey != Long.MAX_VALUE) {
            // not a rate limit the client should back off from: the provider rejected the keys themselves
            respond(ApiError.of(503, "every key serving model " + request.model() + " was rejected by its provider "
                    + "(invalid, forbidden or out of credit) and is suspended for " + seconds(earliestKey - now)
                    + " s; see /health/detailed"), null);
        } else if (earliestCircuit != Long.MAX_VALUE) {
            respond(new ApiError(503, null, "every route of model " + request.model()
                    + " failed repeatedly and is paused; retry in " + seconds(earliestCircuit - now) + " s", null, null),
                    HttpHeaders.builder().setInt(HttpHeaderNames.RETRY_AFTER, seconds(earliestCircuit - now)).build());
        } else if (untranslatable != null) {
            respond(ApiError.invalidRequest(untranslatable), null);
        } else if (keyless != null) {
            respond(ApiError.of(503, keyless), null);
        } else {
            respond(ApiError.of(503, "model " + request.model()
                    + " has no usable route (are its providers' API keys set? see /health/detailed)"), null);
        }
    }

    private void timedOut() {
        String message = "model " + request.model() + ": no upstream answered within its timeout of "
                + model.config().timeoutSeconds() + " s" + (lastError == null ? "" : " (last error: " + lastError.message() + ")");
        respond(ApiError.of(504, message), null);
    }

    /** Answers with an error, carrying Retry-After (the earliest key when keys are cooling) and the attempt headers. */
    private void respond(ApiError error, HttpHeaders upstreamHeaders) {
        HttpHeadersBuilder extra = HttpHeaders.builder();
        long now = clock.millis();
        if (earliestKey != Long.MAX_VALUE && earliestKey > now) {
            extra.setInt(HttpHeaderNames.RETRY_AFTER, seconds(earliestKey - now));
        } else if (upstreamHeaders != null && upstreamHeaders.contains(HttpHeaderNames.RETRY_AFTER)) {
            extra.set(HttpHeaderNames.RETRY_AFTER, upstreamHeaders.get(HttpHeaderNames.RETRY_AFTER));
        }
        if (upstreamHeaders != null && upstreamHeaders.contains(SHOULD_RETRY)) {
            extra.set(SHOULD_RETRY, upstreamHeaders.get(SHOULD_RETRY));
        }
        if (lastRoute != null) {
            extra.set(UpstreamHeaders.ROUTE, lastRoute);
        }
        extra.setInt(UpstreamHeaders.ATTEMPTS, attempts);
        done = true;
        result.complete(ClientErrors.response(request.dialect(), error, extra.build()));
    }

    private void cancel() {
        if (done) {
            return;
        }
        done = true;
        if (current != null) {
            current.abort();
        }
        result.complete(HttpResponse.ofFailure(new CancellationException("the client went away")));
    }

    private long remainingMillis() {
        return deadlineNanos == 0 ? Long.MAX_VALUE : TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
    }

    private static int seconds(long millis) {
        return (int) Math.max(1, (millis + 999) / 1000);
    }
}
