package io.modelproxy.routing;

import io.modelproxy.config.ModelConfig;
import io.modelproxy.upstream.Upstream;

/**
 * One way to serve a logical model: an upstream model at a provider.
 *
 * @param owner the logical model whose route this is (a fallback model for fallback routes)
 * @param config the route as configured
 * @param upstream the provider
 * @param circuit the route's short circuit, shared by every model routing to the same upstream model
 * @param id {@code provider/upstream-model}, as the {@code x-model-proxy-route} header shows it (built
 *     once: every attempt, header and record reads it)
 */
public record Route(ModelConfig owner, ModelConfig.Route config, Upstream upstream, Circuit circuit, String id) {

    public Route(ModelConfig owner, ModelConfig.Route config, Upstream upstream, Circuit circuit) {
        this(owner, config, upstream, circuit, id(config.provider(), config.model()));
    }

    static String id(String provider, String model) {
        return provider + "/" + model;
    }

    /** The model id sent upstream. */
    public String model() {
        return config.model();
    }

    /** Seconds one attempt on this route may take: the route's override, else the provider's. */
    public int timeoutSeconds() {
        Integer t = config.timeoutSeconds();
        return t != null && t > 0 ? t : upstream.timeoutSeconds();
    }

    /** The upstream model's output limit: the route's, else the provider catalog's; null when unknown. */
    public Integer maxOutputTokens() {
        return config.maxOutputTokens() != null ? config.maxOutputTokens() : upstream.maxOutputTokensOf(config.model());
    }

    @Override
    public String toString() {
        return "Route[" + owner.name() + " -> " + id() + "]";
    }
}
