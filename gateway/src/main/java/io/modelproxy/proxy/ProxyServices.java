package io.modelproxy.proxy;

import io.modelproxy.api.Dialect;
import io.modelproxy.dialect.Dialects;
import io.modelproxy.enforcement.ToolCallEnforcer;
import io.modelproxy.ratelimit.RateLimiter;
import io.modelproxy.sharedstate.LimitState;
import io.modelproxy.translate.ExchangeTranslator;
import java.time.InstantSource;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * What the request path shares across requests, created once per gateway.
 *
 * @param dialects every dialect's wire knowledge
 * @param errors error responses in a client's dialect
 * @param translators the translator for (client dialect, provider dialect), null when there is none;
 *     {@code dialects::between} unless a test plugs in its own
 * @param counts local token counts (count_tokens on routes to providers without that endpoint)
 * @param enforcer tool-call enforcement, for models that have it
 * @param clock the clock of key cooldowns and route circuits
 * @param limitState the rate-limit budgets and shared state
 * @param limiters the rate limiter of the config in service
 */
public record ProxyServices(Dialects dialects, ClientErrors errors,
        BiFunction<Dialect, Dialect, ExchangeTranslator> translators, TokenCounts counts, ToolCallEnforcer enforcer,
        InstantSource clock, LimitState limitState, Supplier<RateLimiter> limiters) {}
