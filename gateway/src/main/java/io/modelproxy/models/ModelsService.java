package io.modelproxy.models;

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
import io.modelproxy.dialect.ClientErrors;
import io.modelproxy.endpoint.ClientAuthentication;
import io.modelproxy.prefix.PathScope;
import io.modelproxy.routing.Route;
import io.modelproxy.routing.RoutedModel;
import io.modelproxy.routing.RoutingTable;
import io.modelproxy.translate.ApiError;
import io.modelproxy.upstream.Upstream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /v1/models} (every model and alias, OpenAI list shape; Anthropic's paged shape for a
 * request with {@code anthropic-version} or under {@code /anthropic}) and {@code GET /v1/models/{id}}
 * (ids may contain slashes), behind {@link ClientAuthentication}; under a path prefix, only the
 * models it serves. Each entry reports the model's
 * context window as {@code context_window}, {@code context_length} and {@code limit.context}, resolved
 * in this order: the model's own setting, its first route's, the upstream catalog's, the provider's
 * catalog metadata, the gateway default.
 */
public final class ModelsService implements HttpService {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ANTHROPIC_VERSION = "anthropic-version";
    private final ModelDiscoveryCache catalog;
    private final ClientErrors errors;

    public ModelsService(ModelDiscoveryCache catalog, ClientErrors errors) {
        this.catalog = catalog;
        this.errors = errors;
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        RoutingTable table = ClientAuthentication.table(ctx);
        String path = PathScope.apiPath(ctx);
        String id = path.startsWith("/v1/models/") ? path.substring("/v1/models/".length()) : "";
        // Anthropic's SDKs and Claude Code send anthropic-version; a base URL under /anthropic says the same
        boolean anthropic = req.headers().contains(ANTHROPIC_VERSION) || PathScope.underAnthropic(ctx);
        Dialect dialect = anthropic ? Dialect.AnthropicMessages : Dialect.OpenAIChat;
        List<String> ids;
        if (id.isEmpty()) {
            ids = PathScope.modelIds(ctx, table);
        } else {
            Optional<RoutedModel> model = table.resolve(id).filter(m -> PathScope.serves(ctx, m.name()));
            if (model.isEmpty()) {
                return errors.response(dialect, new ApiError(404, "not_found_error",
                        "The model '" + id + "' does not exist", "model", "model_not_found"));
            }
            ids = List.of(id);
        }
        Map<Upstream, CompletableFuture<Map<String, Integer>>> discovered = new HashMap<>();
        for (String modelId : ids) {
            Route first = firstRoute(table, table.resolve(modelId).orElseThrow());
            if (first != null) {
                discovered.computeIfAbsent(first.upstream(), catalog::windows);
            }
        }
        CompletableFuture<HttpResponse> response = CompletableFuture.allOf(discovered.values().toArray(CompletableFuture[]::new))
                .thenApply(v -> {
                    Map<String, ObjectNode> entries = new LinkedHashMap<>();
                    for (String modelId : ids) {
                        RoutedModel m = table.resolve(modelId).orElseThrow();
                        int window = contextWindow(table, m, discovered);
                        ObjectNode entry = anthropic ? AnthropicModelPage.entry(modelId, table.loadedAt(), window)
                                : entry(modelId, table.loadedAt().getEpochSecond(), window);
                        ArrayNode operations = entry.putArray("operations");  // what the model serves
                        m.config().operations().forEach(op -> operations.add(op.name()));
                        entries.put(modelId, entry);
                    }
                    ObjectNode body;
                    if (!id.isEmpty()) {
                        body = entries.get(id);
                    } else if (anthropic) {
                        try {
                            body = AnthropicModelPage.page(ids, entries, ctx.queryParams());
                        } catch (IllegalArgumentException e) {
                            return errors.response(dialect, ApiError.invalidRequest(e.getMessage(), "limit"));
                        }
                    } else {
                        body = JSON.createObjectNode().put("object", "list");
                        ArrayNode data = body.putArray("data");
                        entries.values().forEach(data::add);
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
