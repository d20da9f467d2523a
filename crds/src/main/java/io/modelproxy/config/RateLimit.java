package io.modelproxy.config;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Per-minute limits of one client or one model; a null field sets no limit of its own.
 *
 * @param requestsPerMinute requests a minute
 * @param tokensPerMinute tokens (input plus output) a minute
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RateLimit(Integer requestsPerMinute, Integer tokensPerMinute) {}
