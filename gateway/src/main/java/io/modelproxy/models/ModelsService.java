package io.modelproxy.models;

import io.modelproxy.endpoint.ClientAuthentication;
import io.modelproxy.dialect.ClientErrors;
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
import io.modelproxy.api.Dialect;
import io.modelproxy.translate.ApiError;
import io.modelproxy.routing.Route;
import io.modelproxy.routing.RoutedModel;
import io.modelproxy.routing.RoutingTable;
import io.modelproxy.upstream.Upstream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /v1/models} (every model and alias, OpenAI list shape) and {@code GET /v1/models/{id}}
 * (ids may contain slashes), behind {@link ClientAuthentication}. Each entry reports the model's
 * context window as {@code context_window}, {@code context_length} and {@code limit.context}, resolved
 * in this order: the model's own setting, its first route's, the upstream catalog's, the provider's
 * catalog metadata, the gateway default.
 */
public final class ModelsService implements HttpService {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ModelDiscoveryCache catalog;
    private final ClientErrors errors;

    public ModelsService(ModelDiscoveryCache catalog, ClientErrors errors) {
        this.catalog = catalog;
        this.errors = errors;
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        RoutingTable table = ctx.attr(ClientAuthentication.TABLE);
        String path = ctx.decodedPath();
        String id = path.startsWith("/v1/models/") ? path.substring("/v1/models/".length()) : "";
        List<RoutedModel> wanted;
        List<String> ids;
        if (id.isEmpty()) {
            wanted = table.models();
            ids = table.modelIds();
        } else {
            Optional<RoutedModel> model = table.resolve(id);
            if (model.isEmpty()) {
                return errors.response(Dialect.OpenAIChat, new ApiError(404, null,
                        "The model '" + id + "' does not exist", "model", "model_not_found"));
            }
            wanted = List.of(model.get());
            ids = List.of(id);
        }
        Map<Upstream, CompletableFuture<Map<String, Integer>>> discovered = new HashMap<>();
        for (RoutedModel m : wanted) {
            Route first = firstRoute(table, m);
            if (first != null) {
                discovered.computeIfAbsent(first.upstream(), catalog::windows);
            }
        }
        CompletableFuture<HttpResponse> response = CompletableFuture.allOf(discovered.values().toArray(CompletableFuture[]::new))
                .thenApply(v -> {
                    long created = table.loadedAt().getEpochSecond();
                    List<ObjectNode> entries = new ArrayList<>();
                    for (String modelId : ids) {
                        RoutedModel m = table.resolve(modelId).orElseThrow();
                        entries.add(entry(modelId, created, contextWindow(table, m, discovered)));
                    }
                    ObjectNode body;
                    if (id.isEmpty()) {
                        body = JSON.createObjectNode().put("object", "list");
                        ArrayNode data = body.putArray("data");
                        entries.forEach(data::add);
                    } else {
                        body = entries.getFirst();
                    }
                    return HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, HttpData.ofUtf8(body.toString()));
                });
        return HttpResponse.of(response);
    }

    private static ObjectNode entry(String id, long created, int window) {
        ObjectNode e = JSON.createObjectNode();
        e.put("id", id);
        e.put("object", "model");
        e.put("created", created);
        e.put("owned_by", "model-proxy");
        e.put("context_window", window);
        e.put("context_length", window);
        e.putObject("limit").put("context", window);
        return e;
    }

    /** The context window a model reports; see the class comment for the order. */
    static int contextWindow(RoutingTable table, RoutedModel model,
            Map<Upstream, CompletableFuture<Map<String, Integer>>> discovered) {
        if (model.config().contextWindow() != null) {
            return model.config().contextWindow();
        }
        Route first = firstRoute(table, model);
        if (first == null) {
            return table.defaultContextWindow();
        }
        if (first.config().contextWindow() != null) {
            return first.config().contextWindow();
        }
        CompletableFuture<Map<String, Integer>> found = discovered.get(first.upstream());
        Integer window = found == null ? null : found.getNow(Map.of()).get(first.model());
        if (window != null) {
            return window;
        }
        Integer meta = first.upstream().contextWindowOf(first.model());
        return meta != null ? meta : table.defaultContextWindow();
    }

    /** The route that serves a model first: its own first route, or (for a model of fallbacks only) its first fallback's. */
    private static Route firstRoute(RoutingTable table, RoutedModel model) {
        Set<String> seen = new HashSet<>();
        RoutedModel current = model;
        while (current != null && seen.add(current.name())) {
            if (!current.routes().isEmpty()) {
                return current.routes().getFirst();
            }
            current = current.config().fallbacks().isEmpty() ? null
                    : table.resolve(current.config().fallbacks().getFirst()).orElse(null);
        }
        return null;
    }
}
