package io.modelproxy.models;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.QueryParams;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/models} in Anthropic's shape: a page of {@code {type: "model", id, display_name,
 * created_at}} objects with {@code has_more}, {@code first_id} and {@code last_id}, paged by
 * {@code limit} (default 20, at most 1000), {@code after_id} and {@code before_id} as Anthropic's API
 * does, so the SDKs' auto-paging walks every model. Each entry keeps the context-window fields of the
 * OpenAI shape.
 */
final class AnthropicModelPage {
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 1000;

    private AnthropicModelPage() {}

    /** One model; {@code window} the context window the OpenAI shape reports too. */
    static ObjectNode entry(String id, Instant created, int window) {
        ObjectNode e = JsonNodeFactory.instance.objectNode();
        e.put("type", "model");
        e.put("id", id);
        e.put("display_name", id);
        e.put("created_at", created.toString());
        e.put("context_window", window);
        e.put("context_length", window);
        e.putObject("limit").put("context", window);
        return e;
    }

    /**
     * The page the query asks for.
     *
     * @param ids every id, in listing order
     * @param entries the entry of each id
     * @throws IllegalArgumentException for a limit that is not a number from 1 to 1000
     */
    static ObjectNode page(List<String> ids, Map<String, ObjectNode> entries, QueryParams query) {
        int limit = limit(query.get("limit"));
        int from = 0;
        int to = ids.size();
        String after = query.get("after_id");
        String before = query.get("before_id");
        if (after != null) {
            from = ids.indexOf(after) + 1;
            to = Math.min(ids.size(), from + limit);
        } else if (before != null) {
            to = Math.max(0, ids.indexOf(before));
            from = Math.max(0, to - limit);
        } else {
            to = Math.min(ids.size(), limit);
        }
        List<String> page = ids.subList(from, Math.max(from, to));
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode data = body.putArray("data");
        page.forEach(id -> data.add(entries.get(id)));
        body.put("has_more", before != null ? from > 0 : to < ids.size());
        if (page.isEmpty()) {
            body.putNull("first_id");
            body.putNull("last_id");
        } else {
            body.put("first_id", page.getFirst());
            body.put("last_id", page.getLast());
        }
        return body;
    }

    private static int limit(String given) {
        if (given == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(given);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("limit must be a number from 1 to " + MAX_LIMIT + ", got " + given);
    }
}
