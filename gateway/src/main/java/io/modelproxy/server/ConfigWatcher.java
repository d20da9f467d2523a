package io.modelproxy.server;

import io.modelproxy.config.GatewayConfig;
import io.modelproxy.config.GatewaySettings;
import io.modelproxy.config.KeyRef;
import io.modelproxy.config.ProviderConfig;
import io.modelproxy.configsource.ConfigSnapshot;
import io.modelproxy.configsource.ConfigSource;
import io.modelproxy.configsource.InvalidConfigException;
import io.modelproxy.health.HealthService.ConfigStatus;
import io.modelproxy.routing.Circuits;
import io.modelproxy.routing.LocalSettings;
import io.modelproxy.routing.RoutingTable;
import io.modelproxy.ratelimit.RateLimiter;
import io.modelproxy.sharedstate.LimitState;
import io.modelproxy.upstream.Upstreams;
import java.io.IOException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the config source, builds a {@link RoutingTable} when the config or a key value changed and
 * swaps it in atomically. A config that cannot be read or served is logged (once per distinct
 * problem) and the last good table keeps serving. Reloads run one at a time, never on an event loop.
 */
final class ConfigWatcher implements Supplier<RoutingTable> {
    private static final Logger log = LoggerFactory.getLogger(ConfigWatcher.class);

    private final ConfigSource source;
    private final LocalSettings local;
    private final Upstreams upstreams;
    private final Circuits circuits;
    private final InstantSource clock;
    private final AtomicReference<RoutingTable> current = new AtomicReference<>();
    private final LimitState limitState;
    private final Consumer<GatewaySettings> loaded;
    private final LongAdder failures = new LongAdder();
    private volatile RateLimiter limiter;
    private volatile String lastError;
    private volatile List<String> warnings = List.of();
    private volatile List<String> heldBack = List.of();
    private GatewayConfig loadedConfig;
    private Map<KeyRef, String> loadedKeys;
    private Set<KeyRef> loggedMissing = Set.of();
    private long generation;

    /** @param loaded told the settings of each config swapped in, before it serves (the request log opens its sinks) */
    ConfigWatcher(ConfigSource source, LocalSettings local, Upstreams upstreams, Circuits circuits, InstantSource clock,
            LimitState limitState, Consumer<GatewaySettings> loaded) {
        this.source = source;
        this.loaded = loaded;
        this.limitState = limitState;
        this.local = local;
        this.upstreams = upstreams;
        this.circuits = circuits;
        this.clock = clock;
    }

    /** The table in service, null until a config loaded. */
    @Override
    public RoutingTable get() {
        return current.get();
    }

    /** The rate limiter of the config in service, null until a config loaded. */
    RateLimiter limiter() {
        return limiter;
    }

    ConfigStatus status() {
        return new ConfigStatus(source.description(), lastError, warnings, heldBack);
    }

    /** Re-reads the source; swaps in a new table if anything changed. Returns false when the reload failed. */
    synchronized boolean reload() {
        ConfigSnapshot snapshot;
        try {
            snapshot = source.read();
        } catch (IOException | RuntimeException e) {
            return failed("cannot read the config from " + source.description() + ": " + e.getMessage());
        }
        GatewayConfig config = snapshot.config();
        Map<KeyRef, String> keys = new HashMap<>();
        Set<KeyRef> missing = new LinkedHashSet<>();
        for (KeyRef ref : referencedKeys(config)) {
            Optional<String> value = snapshot.keys().resolve(ref);
            if (value.isPresent()) {
                keys.put(ref, value.get());
            } else {
                missing.add(ref);
            }
        }
        if (config.equals(loadedConfig) && keys.equals(loadedKeys)) {
            warnings = snapshot.warnings();
            heldBack = snapshot.heldBack();
            return true;
        }
        RoutingTable table;
        try {
            table = RoutingTable.build(config, keys, local, upstreams, circuits, generation + 1, clock.instant());
        } catch (InvalidConfigException | RuntimeException e) {
            return failed("config from " + source.description() + " rejected, keeping the last good one: " + e.getMessage());
        }
        if (!missing.equals(loggedMissing)) {
            if (!missing.isEmpty()) {
                log.warn("keys not found, left out of rotation: {}", missing);
            }
            loggedMissing = missing;
        }
        GatewaySettings settings = config.gateway() == null ? GatewaySettings.defaults() : config.gateway();
        limiter = limitState.limiter(settings,
                settings.sharedState() == null || settings.sharedState().password() == null ? null
                        : keys.get(settings.sharedState().password()));
        loaded.accept(settings);
        generation++;
        loadedConfig = config;
        loadedKeys = keys;
        lastError = null;
        warnings = snapshot.warnings();
        heldBack = snapshot.heldBack();
        current.set(table);
        log.info("config generation {} loaded from {}: {} models, {} providers", generation, source.description(),
                config.models().size(), config.providers().size());
        return true;
    }

    /** Reloads that failed so far, for metrics. */
    long failures() {
        return failures.sum();
    }

    private boolean failed(String problem) {
        failures.increment();
        String message = problem.replaceAll("\\s*\\R\\s*", " ");
        if (!Objects.equals(message, lastError)) {
            log.warn(message);
        }
        lastError = message;
        return false;
    }

    private static List<KeyRef> referencedKeys(GatewayConfig config) {
        List<KeyRef> refs = new ArrayList<>();
        for (ProviderConfig p : config.providers()) {
            refs.addAll(p.keys());
        }
        if (config.gateway() != null) {
            refs.addAll(config.gateway().clientKeys());
            if (config.gateway().sharedState() != null && config.gateway().sharedState().password() != null) {
                refs.add(config.gateway().sharedState().password());
            }
        }
        return refs;
    }
}
