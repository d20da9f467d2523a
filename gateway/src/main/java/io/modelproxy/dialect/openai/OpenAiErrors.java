package io.modelproxy.dialect.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.dialect.anthropic.AnthropicErrors;
import io.modelproxy.translate.ApiError;
import io.modelproxy.translate.Json;
import java.util.Map;

/**
 * OpenAI's error types and codes and their HTTP statuses, shared by Chat Completions and Responses
 * (TRANSLATION.md §4.1): the status of a type or code an OpenAI upstream sends, the type an OpenAI
 * client gets for an error of any source.
 */
public final class OpenAiErrors {
    private static final Map<String, Integer> STATUS_OF_KIND = Map.ofEntries(
            Map.entry("invalid_request_error", 400),
            Map.entry("invalid_request", 400),
            Map.entry("invalid_prompt", 400),
            Map.entry("context_length_exceeded", 400),
            Map.entry("authentication_error", 401),
            Map.entry("invalid_api_key", 401),
            Map.entry("permission_error", 403),
            Map.entry("model_not_found", 404),
            Map.entry("rate_limit_exceeded", 429),
            Map.entry("insufficient_quota", 429),
            Map.entry("service_unavailable", 503),
            Map.entry("service_unavailable_error", 503),
            Map.entry("server_is_overloaded", 529),
            Map.entry("overloaded", 529),
            Map.entry("slow_down", 529));

    private OpenAiErrors() {}

    /**
     * The status of an error type or code an OpenAI-compatible upstream sends; Anthropic's types too
     * (servers in front of Claude pass them on), else 500.
     */
    public static int status(String kind) {
        Integer status = kind == null ? null : STATUS_OF_KIND.get(kind);
        return status != null ? status : AnthropicErrors.status(kind);
    }

    /** The error type for an OpenAI client: the source's own if it is an OpenAI-style type, else by status. */
    public static String type(ApiError error) {
        String type = error.type();
        if (type != null && !type.isBlank() && !"error".equals(type)) {
            return switch (type) {
                case "rate_limit_error" -> "rate_limit_exceeded";
                case "api_error", "overloaded_error" -> "server_error";
                case "not_found_error" -> "invalid_request_error";
                default -> type;
            };
        }
        return switch (error.status()) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "invalid_request_error";
            case 408, 504 -> "timeout";
            case 429 -> "rate_limit_exceeded";
            case 503, 529 -> "service_unavailable";
            default -> error.status() >= 500 ? "server_error" : "invalid_request_error";
        };
    }

    /** The HTTP status an OpenAI client should see: 529 (Anthropic's overloaded) becomes 503. */
    public static int clientStatus(ApiError error) {
        return error.status() == 529 ? 503 : error.status();
    }

    /** The OpenAI error object. */
    public static ObjectNode body(ApiError error) {
        ObjectNode root = Json.object();
        ObjectNode err = root.putObject("error");
        err.put("message", error.message());
        err.put("type", type(error));
        if (error.param() != null) {
            err.put("param", error.param());
        } else {
            err.putNull("param");
        }
        if (error.code() != null) {
            err.put("code", error.code());
        } else {
            err.putNull("code");
        }
        return root;
    }
}
