package io.modelproxy.endpoint;

import io.modelproxy.request.ClientRequest;
import io.modelproxy.dialect.ClientErrors;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.modelproxy.api.Dialect;
import io.modelproxy.translate.ApiError;
import io.modelproxy.ratelimit.Decision;
import io.modelproxy.ratelimit.RateLimiter;
import io.modelproxy.requestlog.RequestTrace;
import io.modelproxy.sharedstate.LimitState;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits a request against its client's rate limits before it is routed, and settles its tokens
 * when its answer is done. A refused request gets 429 in the client's dialect with Retry-After and
 * the limit it hit; an admitted one runs, and its answer carries the limit headers. An answer is never
 * cut short for its tokens: what it used beyond its estimate is taken from the budget afterwards.
 */
public final class RateLimitGate {
    private static final Logger log = LoggerFactory.getLogger(RateLimitGate.class);

    private final LimitState state;
    private final Supplier<RateLimiter> limiters;
    private final InstantSource clock;
    private final ClientErrors errors;

    /**
     * @param limiters the limiter of the config in service
     */
    RateLimitGate(LimitState state, Supplier<RateLimiter> limiters, InstantSource clock, ClientErrors errors) {
        this.state = state;
        this.limiters = limiters;
        this.clock = clock;
        this.errors = errors;
    }

    /**
     * @param model the client-facing name of the LogicalModel
     * @param run starts the request; called on the request's event loop once admitted
     * @return the answer, once there is one (a future: see {@link ProxyService#serve})
     */
    CompletableFuture<HttpResponse> serve(ServiceRequestContext ctx, Dialect dialect, String client, String model,
            ClientRequest request, Supplier<CompletableFuture<HttpResponse>> run) {
        if (state.refusing()) {
            return CompletableFuture.completedFuture(unavailable(dialect, "the gateway's shared state (Redis) is"
                    + " unreachable and spec.sharedState.failureMode is Closed; retry shortly"));
        }
        RateLimiter limiter = limiters.get();
        if (limiter == null || !limiter.enabled()) {
            return run.get();
        }
        // about four bytes of JSON per token: cheap, and settling replaces it with the real count
        long estimate = RateLimiter.estimate(request.textSize() / 4, request.maxTokens());
        return limiter.admit(client, model, estimate).handleAsync((decision, error) -> {
            if (error != null) {
                log.error("rate-limit admission failed: {}", error.toString());
                return CompletableFuture.completedFuture(
                        errors.response(dialect, ApiError.of(500, "the gateway could not check its rate limits")));
            }
            HttpHeaders limits = decision.quotas().headers(dialect, clock.instant());
            return switch (decision) {
                case Decision.Unavailable u -> CompletableFuture.completedFuture(unavailable(dialect, u.message()));
                case Decision.Limited l -> CompletableFuture.completedFuture(errors.response(dialect,
                        ApiError.of(429, l.message()),
                        limits.toBuilder().setLong(HttpHeaderNames.RETRY_AFTER, l.retryAfterSeconds()).build()));
                case Decision.Admitted a -> run.get()
                        .thenApply(r -> settled(ctx, r.mapHeaders(h -> h.withMutations(b -> b.add(limits))), a));
            };
        }, ctx.eventLoop()).thenCompose(answer -> answer);
    }

    /**
     * Books the answer's reported usage when it ends; without a report (or on failure), the estimate stands.
     * The usage is the request trace's, read off the answer once for the log, the metrics and the limits.
     */
    private static HttpResponse settled(ServiceRequestContext ctx, HttpResponse response, Decision.Admitted admitted) {
        if (admitted.reservation().reserved().isEmpty()) {
            return response;
        }
        RequestTrace trace = RequestTrace.of(ctx);
        response.whenComplete().handle((ignored, error) -> {
            long used = trace.usedTokens();
            if (used >= 0) {
                admitted.reservation().settle(used);
            }
            return null;
        });
        return response;
    }

    private HttpResponse unavailable(Dialect dialect, String message) {
        return errors.response(dialect, ApiError.of(503, message), HttpHeaders.of(HttpHeaderNames.RETRY_AFTER, "1"));
    }
}
