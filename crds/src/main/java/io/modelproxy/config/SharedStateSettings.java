package io.modelproxy.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.modelproxy.api.ModelGatewaySpec.FailureMode;

/**
 * The Redis server the replicas of a gateway share their rate-limit budgets and key cooldowns through.
 *
 * @param redisUrl {@code redis://host:port[/db]} or {@code rediss://...}, never with a password in it
 * @param password the Secret entry holding the password, null for none; by reference, never the value
 * @param keyPrefix prefix of every Redis key the gateway writes
 * @param failureMode what the gateway does while Redis is unreachable
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SharedStateSettings(String redisUrl, KeyRef password, String keyPrefix, FailureMode failureMode) {
    public SharedStateSettings {
        failureMode = failureMode == null ? FailureMode.Open : failureMode;
    }
}
