package io.modelproxy.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.modelproxy.config.KeyRef;
import io.modelproxy.keys.KeyCondition;
import io.modelproxy.keys.KeyState;
import io.modelproxy.keys.PooledKey;
import io.modelproxy.routing.Circuit;
import io.modelproxy.routing.Route;
import io.modelproxy.routing.RoutedModel;
import io.modelproxy.routing.RoutingTable;
import io.modelproxy.upstream.Upstream;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code /health} (liveness), {@code /health/ready} (a config is loaded) and {@code /health/detailed}
 * (models, routes with their circuits, providers with their keys and each key's state: ready, cooling
 * down for some models or suspended, until when and because of which upstream status). Keys are shown
 * by name ({@code secret/key}) and a short digest, never by value.
 */
public final class HealthService implements HttpService {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<RoutingTable> tables;
    private final Supplier<ConfigStatus> status;
    private final InstantSource clock;

    /**
     * The config loader's state, for readiness and diagnosis.
     *
     * @param warnings the warnings of the config in service (e.g. providers short of keys)
     * @param heldBack the objects whose invalid current version is not served, each with its file, reason
     *     and the version served instead
     */
    public record ConfigStatus(String source, String lastError, List<String> warnings, List<String> heldBack) {}

    public HealthService(Supplier<RoutingTable> tables, Supplier<ConfigStatus> status, InstantSource clock) {
        this.tables = tables;
        this.status = status;
        this.clock = clock;
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        RoutingTable table = tables.get();
        return switch (ctx.path()) {
            case "/health/ready" -> table != null
                    ? json(HttpStatus.OK, JSON.createObjectNode().put("status", "ready").put("generation", table.generation()))
                    : json(HttpStatus.SERVICE_UNAVAILABLE, JSON.createObjectNode().put("status", "not ready")
                            .put("reason", status.get().lastError() == null ? "no configuration loaded yet" : status.get().lastError()));
            case "/health/detailed" -> json(HttpStatus.OK, detailed(table));
            default -> json(HttpStatus.OK, JSON.createObjectNode().put("status", "ok"));
        };
    }

    private ObjectNode detailed(RoutingTable table) {
        long now = clock.millis();
        ConfigStatus config = status.get();
        ObjectNode root = JSON.createObjectNode();
        root.put("status", table == null ? "not ready" : "ok");
        ObjectNode c = root.putObject("config");
        c.put("source", config.source());
        c.put("lastError", config.lastError());
        config.warnings().forEach(c.putArray("warnings")::add);
        config.heldBack().forEach(c.putArray("heldBack")::add);
        if (table == null) {
            return root;
        }
        c.put("generation", table.generation());
        c.put("loadedAt", table.loadedAt().toString());
        ObjectNode settings = root.putObject("gateway");
        settings.put("name", table.settings().name());
        settings.put("clientKeys", table.clientKeys().size());
        settings.put("clientAuth", table.clientKeys().required());

        ArrayNode models = root.putArray("models");
        for (RoutedModel m : table.models()) {
            ObjectNode model = models.addObject();
            model.put("name", m.name());
            m.config().aliases().forEach(model.putArray("aliases")::add);
            model.put("strategy", String.valueOf(m.config().strategy()));
            ArrayNode routes = model.putArray("routes");
            for (Route r : m.routes()) {
                ObjectNode route = routes.addObject();
                route.put("route", r.id());
                circuit(route.putObject("circuit"), r.circuit(), now);
            }
            m.config().fallbacks().forEach(model.putArray("fallbacks")::add);
        }

        ArrayNode providers = root.putArray("providers");
        for (Upstream u : table.upstreams().values()) {
            ObjectNode p = providers.addObject();
            p.put("name", u.name());
            p.put("protocol", u.config().protocol().name());
            p.put("baseUrl", u.config().baseUrl());
            ObjectNode keys = p.putObject("keys");
            int cooling = 0;
            ArrayNode list = keys.putArray("keys");
            for (PooledKey k : u.keys().keys()) {
                ObjectNode key = list.addObject();
                key.put("key", k.name());
                if (describe(key, k.state(), now)) {
                    cooling++;
                }
            }
            keys.put("total", u.keys().keys().size());
            keys.put("available", u.keys().keys().size() - cooling);
            keys.put("cooling", cooling);
            keys.put("forwardsClientCredential", u.keys().forwardsClientCredential());
            ArrayNode missing = keys.putArray("missing");
            for (KeyRef ref : u.keys().missing()) {
                missing.add(ref.toString());
            }
        }
        return root;
    }

    /** Describes one key's state (never its value: its name and a short digest); true when it cannot serve every model now. */
    private static boolean describe(ObjectNode key, KeyState state, long now) {
        KeyCondition condition = state.condition(now);
        key.put("digest", state.digest());
        key.put("state", condition.state());
        if (condition.until() > now) {
            key.put("until", Instant.ofEpochMilli(condition.until()).toString());
            key.put("secondsLeft", seconds(condition.until() - now));
        }
        if (condition.reason() != 0) {
            key.put("reason", condition.reason());
        }
        if (!condition.models().isEmpty()) {
            ObjectNode perModel = key.putObject("modelCooldowns");
            condition.models().forEach((model, c) -> {
                ObjectNode m = perModel.putObject(model);
                m.put("until", Instant.ofEpochMilli(c.until()).toString());
                m.put("secondsLeft", seconds(c.until() - now));
                if (c.reason() != 0) {
                    m.put("reason", c.reason());
                }
            });
        }
        return !"ready".equals(condition.state());
    }

    private static void circuit(ObjectNode out, Circuit circuit, long now) {
        boolean open = circuit.isOpen(now);
        out.put("state", open ? "open" : "closed");
        out.put("consecutiveFailures", circuit.failures());
        if (open) {
            out.put("secondsLeft", seconds(circuit.openUntil() - now));
        }
    }

    private static long seconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }

    private static HttpResponse json(HttpStatus status, ObjectNode body) {
        return HttpResponse.of(status, MediaType.JSON_UTF_8, HttpData.ofUtf8(body.toString()));
    }
}
