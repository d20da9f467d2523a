package io.modelproxy.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.RequestOptions;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import com.linecorp.armeria.common.util.Exceptions;
import io.modelproxy.api.Dialect;
import io.modelproxy.config.ProviderConfig.Discovery;
import io.modelproxy.keys.PooledKey;
import io.modelproxy.upstream.Upstream;
import java.io.IOException;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Context windows discovered from upstream catalogs ({@code GET {baseUrl}/models}), cached per
 * provider for its discovery TTL. A listing never waits longer than the provider's discovery timeout:
 * a slower fetch goes on in the background and fills the cache for the next listing. Fetches use the
 * WebClient (no blocking) and at most one runs per provider at a time.
 */
public final class ModelDiscoveryCache {
    private static final Logger log = LoggerFactory.getLogger(ModelDiscoveryCache.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A failed fetch is retried after this long at the latest (or the TTL, if shorter). */
    private static final long RETRY_FAILED_MILLIS = 60_000;
    /** A background fetch may outlive the listing's wait by this much before it is given up. */
    private static final long FETCH_TIMEOUT_MILLIS = 30_000;
    private static final String[] WINDOW_FIELDS = {"context_window", "context_length", "max_context_length", "max_input_tokens"};

    private final InstantSource clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Map<String, Integer>>> inFlight = new ConcurrentHashMap<>();

    private record Cached(Map<String, Integer> windows, long expiresAt) {}

    public ModelDiscoveryCache(InstantSource clock) {
        this.clock = clock;
    }

    /**
     * The context windows by upstream model id that the provider's catalog reports; empty when
     * discovery is off, failed, or did not answer within its timeout.
     */
    public CompletableFuture<Map<String, Integer>> windows(Upstream upstream) {
        Discovery discovery = upstream.config().discovery();
        if (discovery == null || !discovery.enabled()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        String key = upstream.name() + " " + upstream.config().baseUrl();
        Cached cached = cache.get(key);
        if (cached != null && cached.expiresAt() > clock.millis()) {
            return CompletableFuture.completedFuture(cached.windows());
        }
        CompletableFuture<Map<String, Integer>> fetch = inFlight.computeIfAbsent(key, k -> fetch(k, upstream, discovery));
        if (cached != null) {
            return CompletableFuture.completedFuture(cached.windows());
        }
        return fetch.copy().completeOnTimeout(Map.of(), Math.max(1, discovery.timeoutMillis()), TimeUnit.MILLISECONDS);
    }

    private CompletableFuture<Map<String, Integer>> fetch(String key, Upstream upstream, Discovery discovery) {
        long ttl = discovery.ttlSeconds() > 0 ? discovery.ttlSeconds() * 1000L : 3_600_000L;
        CompletableFuture<Map<String, Integer>> result = new CompletableFuture<>();
        upstream.client()
                .execute(HttpRequest.of(headers(upstream)), RequestOptions.builder()
                        .responseTimeoutMillis(Math.max(discovery.timeoutMillis(), FETCH_TIMEOUT_MILLIS))
                        .maxResponseLength(64L * 1024 * 1024)
                        .build())
                .aggregate()
                .handle((res, error) -> {
                    Map<String, Integer> windows = error == null ? parse(upstream, res) : null;
                    if (error != null) {
                        log.info("model catalog of provider {} unavailable: {}", upstream.name(),
                                Exceptions.peel(error).getClass().getSimpleName());
                    }
                    long now = clock.millis();
                    cache.put(key, windows != null ? new Cached(windows, now + ttl)
                            : new Cached(Map.of(), now + Math.min(ttl, RETRY_FAILED_MILLIS)));
                    inFlight.remove(key);
                    result.complete(windows != null ? windows : Map.of());
                    return null;
                });
        return result;
    }

    private static RequestHeaders headers(Upstream upstream) {
        RequestHeadersBuilder h = upstream.headers(HttpMethod.GET, "/models").accept(MediaType.JSON);
        if (upstream.protocol() == Dialect.AnthropicMessages) {
            h.set("anthropic-version", "2023-06-01");
        }
        for (PooledKey k : upstream.keys().keys()) {
            h.set(upstream.authHeader(), upstream.authValue(k.key().value()));
            break;
        }
        upstream.config().headers().forEach(h::set);
        return upstream.build(h);
    }

    /** Reads {@code {data:[{id, context_window|context_length|max_context_length|max_input_tokens|limit.context}]}}. */
    private static Map<String, Integer> parse(Upstream upstream, AggregatedHttpResponse res) {
        if (!res.status().isSuccess()) {
            log.info("model catalog of provider {} answered HTTP {}", upstream.name(), res.status().code());
            return null;
        }
        JsonNode root;
        try {
            root = JSON.readTree(res.content().array());
        } catch (IOException e) {
            log.info("model catalog of provider {} is not JSON", upstream.name());
            return null;
        }
        JsonNode list = root.isArray() ? root : root.has("data") ? root.get("data") : root.path("models");
        Map<String, Integer> windows = new HashMap<>();
        for (JsonNode model : list) {
            String id = model.path("id").asText(model.path("name").asText(""));
            Integer window = window(model);
            if (!id.isEmpty() && window != null) {
                windows.put(id, window);
            }
        }
        return Map.copyOf(windows);
    }

    private static Integer window(JsonNode model) {
        for (String field : WINDOW_FIELDS) {
            JsonNode v = model.get(field);
            if (v != null && v.canConvertToInt() && v.asInt() > 0) {
                return v.asInt();
            }
        }
        JsonNode limit = model.path("limit").path("context");
        return limit.canConvertToInt() && limit.asInt() > 0 ? limit.asInt() : null;
    }
}
