package io.modelproxy.endpoint;

import io.modelproxy.attempt.AttemptServices;
import io.modelproxy.difficulty.DifficultyRouter;
import io.modelproxy.enforcement.ToolCallEnforcer;
import io.modelproxy.ratelimit.RateLimiter;
import io.modelproxy.sharedstate.LimitState;
import java.util.function.Supplier;

/**
 * What the client endpoints share across requests, created once per gateway.
 *
 * @param attempts what the attempt loop needs (dialects, errors, translators, token counts, clock)
 * @param enforcer tool-call enforcement, for models that have it
 * @param limitState the rate-limit budgets and shared state
 * @param limiters the rate limiter of the config in service
 * @param difficulty difficulty routing, before a request is routed
 */
public record ProxyServices(AttemptServices attempts, ToolCallEnforcer enforcer, LimitState limitState,
        Supplier<RateLimiter> limiters, DifficultyRouter difficulty) {}
