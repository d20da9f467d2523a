package io.modelproxy.requestlog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A {@link RequestEntry} as one JSON object: the JSON lines sinks' record and the SQLite {@code attempts} column. */
final class EntryJson {
    static final ObjectMapper JSON = new ObjectMapper();

    private EntryJson() {}

    static ObjectNode of(RequestEntry e) {
        ObjectNode o = JSON.createObjectNode();
        o.put("time", e.time().toString());
        o.put("generation", e.generation());
        o.put("method", e.method());
        o.put("path", e.path());
        o.put("dialect", e.dialect());
        o.put("client", e.client());
        o.put("model", e.model());
        o.put("logicalModel", e.logicalModel());
        o.put("route", e.route());
        o.put("provider", e.provider());
        o.put("upstreamModel", e.upstreamModel());
        o.put("stream", e.stream());
        o.put("status", e.status());
        o.put("outcome", e.outcome());
        o.put("errorType", e.errorType());
        o.set("attempts", attempts(e));
        o.put("bytesIn", e.bytesIn());
        o.put("bytesOut", e.bytesOut());
        o.put("latencyMs", e.latencyMillis());
        putKnown(o, "ttftMs", e.ttftMillis());
        putKnown(o, "inputTokens", e.inputTokens());
        putKnown(o, "outputTokens", e.outputTokens());
        putKnown(o, "cachedTokens", e.cachedTokens());
        putKnown(o, "reasoningTokens", e.reasoningTokens());
        o.put("usage", e.usage());
        if (e.requestHeaders() != null) {
            ObjectNode headers = o.putObject("requestHeaders");
            e.requestHeaders().forEach(headers::put);
        }
        if (e.requestBody() != null) {
            o.put("requestBody", e.requestBody());
        }
        if (e.responseBody() != null) {
            o.put("responseBody", e.responseBody());
        }
        return o;
    }

    static ArrayNode attempts(RequestEntry e) {
        ArrayNode list = JSON.createArrayNode();
        for (RequestEntry.Attempt a : e.attempts()) {
            ObjectNode item = list.addObject();
            item.put("route", a.route());
            item.put("provider", a.provider());
            item.put("model", a.model());
            item.put("key", a.key());
            item.put("status", a.status());
            item.put("outcome", a.outcome());
            item.put("latencyMs", a.latencyMillis());
        }
        return list;
    }

    private static void putKnown(ObjectNode o, String field, long value) {
        if (value >= 0) {
            o.put(field, value);
        } else {
            o.putNull(field);
        }
    }
}
