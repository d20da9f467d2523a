package io.modelproxy.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.function.ToIntFunction;

/**
 * An upstream stream's error event as the error body the error policy and {@link ApiError#fromUpstream}
 * read, with the HTTP status the same error would have had before the stream started.
 */
public record UpstreamStreamError(int status, byte[] body) {

    /**
     * The error body for an event's error object: a copy of it, with its kind (its {@code type}, else
     * its {@code code}) as the type; the event's raw data as the message when it has no error object.
     *
     * @param statusOfKind the dialect's table from error type or code to status
     */
    public static UpstreamStreamError of(JsonNode error, String rawData, ToIntFunction<String> statusOfKind) {
        String kind = error == null || !error.isObject() ? null
                : error.hasNonNull("type") && !"error".equals(error.get("type").asText()) ? error.get("type").asText()
                : error.path("code").asText(null);
        ObjectNode body = Json.object();
        if (error != null && error.isObject()) {
            ObjectNode copy = ((ObjectNode) error).deepCopy();
            if (!copy.hasNonNull("type") && kind != null) {
                copy.put("type", kind);
            }
            body.set("error", copy);
        } else {
            body.putObject("error").put("message", rawData);
        }
        return new UpstreamStreamError(kind == null ? 500 : statusOfKind.applyAsInt(kind),
                body.toString().getBytes(StandardCharsets.UTF_8));
    }
}
