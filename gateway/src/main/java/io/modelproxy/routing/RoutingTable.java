package io.modelproxy.routing;

import io.modelproxy.api.Strategy;
import io.modelproxy.auth.ClientKeys;
import io.modelproxy.auth.ClientKeys.ClientKey;
import io.modelproxy.config.GatewayConfig;
import io.modelproxy.config.GatewaySettings;
import io.modelproxy.config.KeyRef;
import io.modelproxy.config.ModelConfig;
import io.modelproxy.config.ProviderConfig;
import io.modelproxy.configsource.InvalidConfigException;
import io.modelproxy.upstream.Upstream;
import io.modelproxy.upstream.Upstreams;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything one config serves, resolved for the request path: models by id and alias, their routes
 * and providers, client keys and settings. Immutable: a reload builds a new table and swaps it in, and
 * a request keeps the table it started with.
 */
public final class RoutingTable {
    private static final String PASSTHROUGH_MODEL = "*";
    private final GatewayConfig config;
    private final GatewaySettings settings;
    private final long generation;
    private final Instant loadedAt;
    private final ClientKeys clientKeys;
    private final List<String> corsOrigins;
    private final int defaultContextWindow;
    private final List<RoutedModel> models;
    private final Map<String, RoutedModel> byId;
    private final Map<String, Upstream> upstreams;
    private final RoutedModel passthrough;

    private RoutingTable(GatewayConfig config, GatewaySettings settings, long generation, Instant loadedAt,
            ClientKeys clientKeys, List<String> corsOrigins, int defaultContextWindow, List<RoutedModel> models,
            Map<String, RoutedModel> byId, Map<String, Upstream> upstreams, RoutedModel passthrough) {
        this.passthrough = passthrough;
        this.config = config;
        this.settings = settings;
        this.generation = generation;
        this.loadedAt = loadedAt;
        this.clientKeys = clientKeys;
        this.corsOrigins = corsOrigins;
        this.defaultContextWindow = defaultContextWindow;
        this.models = models;
        this.byId = byId;
        this.upstreams = upstreams;
    }

    /**
     * Builds the table for a config.
     *
     * @param keyValues the values of every key the config names that could be read
     * @param upstreams providers' clients and key states, shared across tables
     * @param circuits route circuits, shared across tables
     */
    public static RoutingTable build(GatewayConfig config, Map<KeyRef, String> keyValues, LocalSettings local,
            Upstreams upstreams, Circuits circuits, long generation, Instant now) throws InvalidConfigException {
        GatewaySettings settings = config.gateway() != null ? config.gateway() : GatewaySettings.defaults();

        ClientKeys clientKeys = clientKeys(settings, keyValues, local);
        if (!local.loopbackOnly() && !clientKeys.required()) {
            throw new InvalidConfigException("no client keys configured while listening beyond loopback: "
                    + "set client keys in the ModelGateway or CLIENT_API_KEY, or bind 127.0.0.1");
        }

        Map<String, Upstream> byProvider = new LinkedHashMap<>();
        for (ProviderConfig p : config.providers()) {
            if (byProvider.put(p.name(), upstreams.build(p, keyValues)) != null) {
                throw new InvalidConfigException("provider " + p.name() + " is defined twice");
            }
        }

        List<RoutedModel> models = new ArrayList<>();
        Map<String, RoutedModel> byId = new LinkedHashMap<>();
        Set<String> routeIds = new HashSet<>();
        for (ModelConfig m : config.models()) {
            if (m.name() == null || m.name().isBlank()) {
                throw new InvalidConfigException("a model has no name");
            }
            List<Route> routes = new ArrayList<>();
            for (ModelConfig.Route r : m.routes()) {
                Upstream up = byProvider.get(r.provider());
                if (up == null) {
                    throw new InvalidConfigException("model " + m.name() + " routes to unknown provider " + r.provider());
                }
                if (r.model() == null || r.model().isBlank()) {
                    throw new InvalidConfigException("model " + m.name() + " has a route to " + r.provider() + " without a model");
                }
                String id = Route.id(r.provider(), r.model());
                routeIds.add(id);
                routes.add(new Route(m, r, up, circuits.forRoute(id)));
            }
            // no routes is legal: the compiler drops routes to providers whose keys are unset (standalone
            // quickstart); such a model answers 503 "no usable route" and the rest of the config serves
            RoutedModel routed = new RoutedModel(m, routes);
            models.add(routed);
            for (String id : ids(m)) {
                if (byId.put(id, routed) != null) {
                    throw new InvalidConfigException("model id or alias " + id + " is used twice");
                }
            }
        }
        for (RoutedModel m : models) {
            for (String f : m.config().fallbacks()) {
                if (!byId.containsKey(f)) {
                    throw new InvalidConfigException("model " + m.name() + " falls back to unknown model " + f);
                }
            }
            ModelConfig.DifficultyRouting difficulty = m.config().difficultyRouting();
            if (difficulty != null) {
                for (Map.Entry<String, String> t : difficulty.targets().entrySet()) {
                    if (!byId.containsKey(t.getValue())) {
                        throw new InvalidConfigException("model " + m.name() + " routes " + t.getKey()
                                + " requests to unknown model " + t.getValue());
                    }
                }
                String classifier = difficulty.classifier().model();
                if (classifier != null && !byId.containsKey(classifier)) {
                    throw new InvalidConfigException("model " + m.name() + " is classified by unknown model " + classifier);
                }
            }
        }
        RoutedModel passthrough = null;
        if (settings.passthroughProvider() != null) {
            Upstream up = byProvider.get(settings.passthroughProvider());
            if (up == null) {
                throw new InvalidConfigException("the passthrough provider " + settings.passthroughProvider() + " is not defined");
            }
            passthrough = passthrough(up, circuits);
            routeIds.add(passthrough.routes().getFirst().id());
        }
        upstreams.retainOnly(byProvider.values());
        circuits.retainOnly(routeIds);

        Set<String> cors = new LinkedHashSet<>(settings.corsOrigins());
        cors.addAll(local.corsOrigins());
        int defaultWindow = settings.defaultContextWindow() > 0
                && (settings.defaultContextWindow() != GatewaySettings.DEFAULT_CONTEXT_WINDOW || local.defaultContextWindow() == null)
                ? settings.defaultContextWindow()
                : local.defaultContextWindow() != null ? local.defaultContextWindow() : GatewaySettings.DEFAULT_CONTEXT_WINDOW;
        return new RoutingTable(config, settings, generation, now, clientKeys, List.copyOf(cors), defaultWindow,
                List.copyOf(models), Collections.unmodifiableMap(byId), Collections.unmodifiableMap(byProvider),
                passthrough);
    }

    /**
     * The passthrough provider as a model of one route: requests no model serves get its keys, cooldowns
     * and error policy like any other. Its upstream model {@code *} stands for whatever the body names.
     */
    private static RoutedModel passthrough(Upstream upstream, Circuits circuits) {
        ModelConfig.Route route = new ModelConfig.Route(upstream.name(), PASSTHROUGH_MODEL, 1, null, null, null);
        ModelConfig model = new ModelConfig("passthrough:" + upstream.name(), List.of(), null, 1,
                upstream.timeoutSeconds(), Strategy.Ordered, List.of(route), List.of(), null, null);
        String id = Route.id(upstream.name(), PASSTHROUGH_MODEL);
        return new RoutedModel(model, List.of(new Route(model, route, upstream, circuits.forRoute(id))));
    }

    /** The ModelGateway's passthrough provider, as a model of one route; empty when it names none. */
    public Optional<RoutedModel> passthrough() {
        return Optional.ofNullable(passthrough);
    }

    private static List<String> ids(ModelConfig m) {
        List<String> ids = new ArrayList<>(1 + m.aliases().size());
        ids.add(m.name());
        ids.addAll(m.aliases());
        return ids;
    }

    private static ClientKeys clientKeys(GatewaySettings settings, Map<KeyRef, String> keyValues, LocalSettings local) {
        if (settings.clientKeys().isEmpty() && local.clientApiKey() == null) {
            return ClientKeys.none();
        }
        List<ClientKey> keys = new ArrayList<>();
        for (KeyRef ref : settings.clientKeys()) {
            String value = keyValues.get(ref);
            if (value != null) {
                keys.add(new ClientKey(ref.key(), value));
            }
        }
        if (local.clientApiKey() != null) {
            keys.add(new ClientKey("default", local.clientApiKey()));
        }
        return ClientKeys.of(keys);
    }

    /** The model a client id or alias names. */
    public Optional<RoutedModel> resolve(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /**
     * Every route one request for {@code model} may try, in order: the model's own routes, then each
     * fallback model's (depth first, each model once, each upstream model once).
     */
    public List<Route> candidates(RoutedModel model) {
        List<Route> out = new ArrayList<>();
        collect(model, new HashSet<>(), new HashSet<>(), out);
        return out;
    }

    private void collect(RoutedModel model, Set<String> models, Set<String> routes, List<Route> out) {
        if (!models.add(model.name())) {
            return;
        }
        for (Route r : model.routesInOrder()) {
            if (routes.add(r.id())) {
                out.add(r);
            }
        }
        for (String f : model.config().fallbacks()) {
            collect(byId.get(f), models, routes, out);
        }
    }

    public GatewayConfig config() {
        return config;
    }

    public GatewaySettings settings() {
        return settings;
    }

    /** Counts successful loads; for health and logs. */
    public long generation() {
        return generation;
    }

    public Instant loadedAt() {
        return loadedAt;
    }

    public ClientKeys clientKeys() {
        return clientKeys;
    }

    public List<String> corsOrigins() {
        return corsOrigins;
    }

    /** The context window reported when nothing more specific is known. */
    public int defaultContextWindow() {
        return defaultContextWindow;
    }

    /** Models in config order. */
    public List<RoutedModel> models() {
        return models;
    }

    /** Every id a client may use: names and aliases, in config order. */
    public List<String> modelIds() {
        return List.copyOf(byId.keySet());
    }

    public Map<String, Upstream> upstreams() {
        return upstreams;
    }
}
