package io.modelproxy.attempt;

import io.modelproxy.api.Dialect;
import io.modelproxy.dialect.ClientErrors;
import io.modelproxy.dialect.Dialects;
import io.modelproxy.translate.ExchangeTranslator;
import java.time.InstantSource;
import java.util.function.BiFunction;

/**
 * What the attempt loop shares across requests, created once per gateway.
 *
 * @param dialects every dialect's wire knowledge
 * @param errors error responses in a client's dialect
 * @param translators the translator for (client dialect, provider dialect), null when there is none;
 *     {@code dialects::between} unless a test plugs in its own
 * @param counts local token counts (count_tokens on routes to providers without that endpoint)
 * @param clock the clock of key cooldowns and route circuits
 */
public record AttemptServices(Dialects dialects, ClientErrors errors,
        BiFunction<Dialect, Dialect, ExchangeTranslator> translators, TokenCounts counts, InstantSource clock) {}
