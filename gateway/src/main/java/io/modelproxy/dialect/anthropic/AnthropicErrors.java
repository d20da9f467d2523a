package io.modelproxy.dialect.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.translate.ApiError;
import io.modelproxy.translate.Json;
import java.util.HashMap;
import java.util.Map;

/**
 * Anthropic's error types and their HTTP statuses (TRANSLATION.md §4.2), one table read both ways:
 * the status of a type an Anthropic upstream sends, the type an Anthropic client gets for a status.
 */
public final class AnthropicErrors {
    private static final Map<String, Integer> STATUS_OF_TYPE = Map.of(
            "invalid_request_error", 400,
            "authentication_error", 401,
            "billing_error", 402,
            "permission_error", 403,
            "not_found_error", 404,
            "request_too_large", 413,
            "rate_limit_error", 429,
            "api_error", 500,
            "timeout_error", 504,
            "overloaded_error", 529);
    private static final Map<Integer, String> TYPE_OF_STATUS = new HashMap<>();

    static {
        STATUS_OF_TYPE.forEach((type, status) -> TYPE_OF_STATUS.put(status, type));
        TYPE_OF_STATUS.put(408, "timeout_error");
    }

    private AnthropicErrors() {}

    /** The status of an Anthropic error type; 500 for one Anthropic does not use. */
    public static int status(String type) {
        return type == null ? 500 : STATUS_OF_TYPE.getOrDefault(type, 500);
    }

    /** Whether Anthropic uses this error type (other OpenAI-compatible servers in front of Claude pass it on). */
    public static boolean isAnthropicType(String type) {
        return type != null && STATUS_OF_TYPE.containsKey(type);
    }

    /**
     * The error type for an Anthropic client: the source's own if it is one only Anthropic uses, else by
     * status. {@code invalid_request_error} is both dialects' word, and OpenAI sends it for a 404 or a
     * 413 too, so it never overrides the status.
     */
    public static String type(ApiError error) {
        if (isAnthropicType(error.type()) && !"invalid_request_error".equals(error.type())) {
            return error.type();
        }
        String byStatus = TYPE_OF_STATUS.get(error.status());
        return byStatus != null ? byStatus : error.status() >= 500 ? "api_error" : "invalid_request_error";
    }

    /** The Anthropic error object. */
    public static ObjectNode body(ApiError error) {
        ObjectNode root = Json.object().put("type", "error");
        root.putObject("error").put("type", type(error)).put("message", error.message());
        return root;
    }

    /** An {@code {"type":"error","error":{type,message}}} object, as it arrives in a stream or a 200 body. */
    static ApiError fromEvent(JsonNode body) {
        JsonNode err = body.get("error");
        String type = Json.text(err, "type");
        return new ApiError(status(type), type, Json.text(err, "message"), null, null);
    }
}
