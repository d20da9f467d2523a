package io.modelproxy.ratelimit;

import io.modelproxy.config.GatewaySettings;
import io.modelproxy.config.RateLimit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which limits apply to a client's request for a model: the gateway-wide per-client limits, replaced
 * field by field by the client's override, plus the per-model cap of the model asked for.
 */
public final class LimitPolicy {
    private final RateLimit defaults;
    private final Map<String, RateLimit> clients;
    private final Map<String, RateLimit> models;

    public LimitPolicy(GatewaySettings settings) {
        this.defaults = new RateLimit(settings.requestsPerMinute(), settings.tokensPerMinute());
        this.clients = settings.clientRateLimits();
        this.models = settings.modelRateLimits();
    }

    /** Whether any limit is set at all. */
    public boolean enabled() {
        return defaults.requestsPerMinute() != null || defaults.tokensPerMinute() != null || !clients.isEmpty()
                || !models.isEmpty();
    }

    /**
     * @param model the client-facing name of the LogicalModel (not an alias)
     */
    public List<Limit> limits(String client, String model) {
        RateLimit override = clients.get(client);
        Integer requests = override != null && override.requestsPerMinute() != null
                ? override.requestsPerMinute() : defaults.requestsPerMinute();
        Integer tokens = override != null && override.tokensPerMinute() != null
                ? override.tokensPerMinute() : defaults.tokensPerMinute();
        List<Limit> limits = new ArrayList<>(4);
        String scope = "client " + client;
        add(limits, client, null, LimitKind.REQUESTS, requests, scope);
        add(limits, client, null, LimitKind.TOKENS, tokens, scope);
        RateLimit cap = model == null ? null : models.get(model);
        if (cap != null) {
            String capScope = scope + " on model " + model;
            add(limits, client, model, LimitKind.REQUESTS, cap.requestsPerMinute(), capScope);
            add(limits, client, model, LimitKind.TOKENS, cap.tokensPerMinute(), capScope);
        }
        return limits;
    }

    private static void add(List<Limit> limits, String client, String model, LimitKind kind, Integer perMinute,
            String scope) {
        if (perMinute != null) {
            limits.add(new Limit(new BucketId(client, model, kind, perMinute), scope));
        }
    }
}
