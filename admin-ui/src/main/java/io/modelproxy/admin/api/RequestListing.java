package io.modelproxy.admin.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.admin.activity.RecentRequests;
import io.modelproxy.admin.store.ManifestShape;
import java.util.Optional;

/** The gateway's recent requests, newest first, filtered by model, client and errors. */
final class RequestListing {
    private static final int MAX_LIMIT = 1000;

    private RequestListing() {
    }

    static ObjectNode body(RecentRequests recent, int limit, Optional<String> model, Optional<String> client,
            boolean errorsOnly) {
        ArrayNode items = ManifestShape.JSON.createArrayNode();
        recent.recent(Math.max(1, Math.min(limit, MAX_LIMIT))).stream()
                .filter(r -> model.isEmpty() || model.get().equals(r.model()))
                .filter(r -> client.isEmpty() || client.get().equals(r.client()))
                .filter(r -> !errorsOnly || r.status() >= 400)
                .forEach(r -> items.addObject()
                        .put("time", r.time().toString())
                        .put("client", r.client())
                        .put("model", r.model())
                        .put("route", r.route())
                        .put("status", r.status())
                        .put("latencyMillis", r.latencyMillis())
                        .put("inputTokens", r.inputTokens())
                        .put("outputTokens", r.outputTokens()));
        ObjectNode body = ManifestShape.JSON.createObjectNode();
        body.set("items", items);
        return body;
    }
}
