package io.modelproxy.attempt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.modelproxy.api.ErrorAction;
import io.modelproxy.requestlog.RequestTrace;
import io.modelproxy.api.Dialect;
import io.modelproxy.auth.Credential;
import io.modelproxy.keys.PooledKey;
import io.modelproxy.request.ClientRequest;
import io.modelproxy.request.Operation;
import io.modelproxy.routing.Route;
import io.modelproxy.routing.RoutedModel;
import io.modelproxy.routing.RoutingTable;
import io.modelproxy.sse.JsonFields;
import io.modelproxy.stream.Outcome;
import io.modelproxy.stream.TranslatedStream;
import io.modelproxy.translate.ApiError;
import io.modelproxy.translate.ClientStream;
import io.modelproxy.translate.DialectWire;
import io.modelproxy.translate.ExchangeTranslator;
import io.modelproxy.translate.TranslationException;
import io.modelproxy.translate.UpstreamTarget;
import io.modelproxy.upstream.ErrorPolicy;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client request's way through the attempt loop: the routes of the model and its fallbacks in
 * order with the keys of each ({@link RouteWalk}, {@link CoolingKeys}), one upstream call at a time,
 * the provider's error policy after each failure, waits for promised cooldowns within the deadline
 * ({@link Deadline}), until one attempt commits or nothing is left ({@link FailureAnswers}). Everything
 * runs on the request's event loop, one step at a time, so the state below needs no locking.
 */
public final class Exchange {
    private static final Logger log = LoggerFactory.getLogger(Exchange.class);

    private final ServiceRequestContext ctx;
    private final RoutedModel model;
    private final ClientRequest request;
    private final Operation operation;
    private final RequestHeaders clientHeaders;
    private final Credential credential;
    private final AttemptServices services;
    private final DialectWire client;
    private final RouteWalk walk;
    private final Deadline deadline;
    private final byte[] quotedClientModel;
    private final RequestTrace record;
    private final CoolingKeys cooling = new CoolingKeys();
    private final FailureAnswers failures;
    private final CompletableFuture<HttpResponse> result = new CompletableFuture<>();

    private int attempts;
    private String lastRoute;
    private ApiError lastError;
    private ResponseHeaders lastErrorHeaders;
    private UpstreamCall current;
    private boolean done;

    /** @param operation a generation, or an Anthropic count_tokens request */
    public Exchange(ServiceRequestContext ctx, RoutingTable table, RoutedModel model, ClientRequest request, Operation operation,
            RequestHeaders clientHeaders, Credential credential, AttemptServices services, RequestTrace record) {
        this.ctx = ctx;
        this.model = model;
        this.request = request;
        this.operation = operation;
        this.clientHeaders = clientHeaders;
        this.credential = credential;
        this.services = services;
        this.client = services.dialects().wire(request.dialect());
        this.record = record;
        this.failures = new FailureAnswers(request.model());
        // routes and fallbacks that cannot serve the operation are never tried
        this.walk = new RouteWalk(table.candidates(model).stream().filter(r -> operation.serves(r, request.dialect())).toList(),
                operation, request.dialect(), services, failures);
        this.deadline = new Deadline(model.config().timeoutSeconds());
        this.quotedClientModel = JsonFields.quoted(request.model());
    }

    /** The answer; cancelling it (a classifier's caller giving up) ends the exchange as the client going away does. */
    public CompletableFuture<HttpResponse> run() {
        // the client going away cancels the answer, which cancels the exchange (below); the context keeps
        // this callback as long as the request lives, so it holds the answer, not the exchange: a stream
        // does not keep its routes, failures and cooling keys for its life
        CompletableFuture<HttpResponse> answer = result;
        ctx.whenRequestCancelling().thenRun(() -> answer.cancel(false));
        result.whenComplete((response, error) -> {
            if (error instanceof CancellationException) {
                ctx.eventLoop().execute(this::cancel);
            }
        });
        ctx.eventLoop().execute(this::next);
        return result;
    }

    private void next() {
        if (done) {
            return;
        }
        for (Route route = walk.current(); route != null; route = walk.current()) {
            if (operation == Operation.COUNT_TOKENS && route.upstream().protocol() != Dialect.AnthropicMessages) {
                countLocally(route);
                return;
            }
            RouteWalk.Turn turn = walk.next(cooling, services.clock().millis());
            if (turn == null) {
                continue;
            }
            long budget = deadline.remainingMillis();
            if (budget <= 0) {
                respond(failures.timedOut(model.config().timeoutSeconds(), lastError), null);
                return;
            }
            attempt(route, turn.key(), Math.min(route.timeoutSeconds() * 1000L, budget));
            return;
        }
        exhausted();
    }

    private void attempt(Route route, PooledKey key, long firstByteMillis) {
        UpstreamTarget target = new UpstreamTarget(request.model(), route.model(),
                route.owner().defaultMaxTokens(), route.maxOutputTokens());
        boolean stream = request.stream() && operation.streams();
        // a Chat stream reports its usage only when asked: the gateway asks, for its log, metrics and limits
        boolean asksUsage = stream && walk.translator() == null && operation.translates() && !client.reportsStreamUsage()
                && request.canAskUsage();
        List<HttpData> body;
        try {
            body = operation.translates() ? List.of(HttpData.wrap(UpstreamBodies.body(request, client, route, walk.translator(), target,
                    asksUsage)))
                    : request.upstreamData(route.model());
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
        ExchangeTranslator routeTranslator = walk.translator();
        Supplier<ClientStream> streams = routeTranslator == null
                ? () -> client.passThrough(request.model(), quotedClientModel, record, asksUsage)
                : () -> new TranslatedStream(routeTranslator.stream(target), record);
        // a token count names no model: its answer goes back as the provider sent it
        UpstreamCall call = new UpstreamCall(ctx.eventLoop(), services.dialects(), route, attempts, routeTranslator, target,
                streams, operation.namesModel() ? quotedClientModel : null);
        current = call;
        DialectWire provider = services.dialects().wire(route.upstream().protocol());
        call.start(UpstreamHeaders.request(route.upstream(), operation.path(provider, ctx), clientHeaders,
                                walk.sameDialect(), key, credential, stream, request.contentType()),
                        body, stream && operation.translates(), stream, firstByteMillis)
                .whenCompleteAsync((outcome, error) -> onOutcome(route, key, outcome, error), ctx.eventLoop());
    }

    /** count_tokens on a route whose provider cannot count: the gateway's own estimate ends the exchange. */
    private void countLocally(Route route) {
        done = true;
        lastRoute = route.id();
        ObjectNode edited = UpstreamBodies.withSystemPromptEdits(request, client, route);
        HttpHeaders extra = HttpHeaders.builder().set(UpstreamHeaders.ROUTE, lastRoute).setInt(UpstreamHeaders.ATTEMPTS, attempts).build();
        services.counts().estimate(ctx, edited != null ? edited : request.tree(), extra).whenComplete((response, error) -> {
            if (error != null) {
                log.error("counting tokens for {} failed: {}", lastRoute, error.toString());
                result.complete(services.errors().response(request.dialect(),
                        ApiError.of(500, "the gateway could not count the tokens of this request")));
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
                route.circuit().recordFailure(services.clock().millis());
                walk.leave();
                next();
            }
            case Outcome.UpstreamError e -> onUpstreamError(route, key, e);
        }
    }

    private void onUpstreamError(Route route, PooledKey key, Outcome.UpstreamError e) {
        ErrorPolicy.Decision decision = route.upstream().errorPolicy().decide(e.status(), e.body());
        record.attemptEnded(e.status(), decision.action().name());
        ApiError error = FailureAnswers.redact(ApiError.fromUpstream(e.status(), e.body()), key);
        lastError = error;
        lastErrorHeaders = e.headers();
        long now = services.clock().millis();
        switch (decision.action()) {
            case Return -> {
                respond(error, e.headers());
                return;
            }
            case RetryNextKey -> { }
            case CooldownKeyForModel, CooldownKeyForProvider -> {
                cooling.cool(key, route, decision, e.headers(), e.status(), now);
                if (key != null) {
                    record.cooldown(route, key, e.status(), decision.action() == ErrorAction.CooldownKeyForProvider);
                }
            }
            case FallBack -> {
                route.circuit().recordFailure(now);
                walk.leave();
            }
        }
        next();
    }

    /**
     * Every route was tried or skipped: wait for the earliest cooling key if an upstream promised when
     * it serves again and the deadline allows ({@link Deadline}), else answer.
     */
    private void exhausted() {
        long now = services.clock().millis();
        long wait = deadline.waitMillis(cooling, now);
        if (wait >= 0) {
            walk.restart();
            cooling.reset();
            failures.resetCircuits();
            ctx.eventLoop().schedule(this::next, wait, TimeUnit.MILLISECONDS);
            return;
        }
        FailureAnswers.Answer answer = failures.exhausted(lastError, lastErrorHeaders, cooling, now);
        respond(answer.error(), answer.headers());
    }

    /** Answers with an error and the headers that go with it ({@link FailureAnswers#headers}). */
    private void respond(ApiError error, HttpHeaders upstreamHeaders) {
        done = true;
        result.complete(services.errors().response(request.dialect(), error,
                FailureAnswers.headers(cooling, upstreamHeaders, lastRoute, attempts, services.clock().millis())));
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
}
