package io.modelproxy.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.api.Dialect;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * An error to show a client, independent of dialect: an HTTP status and a message, optionally the
 * upstream's own error type, offending parameter and code. {@link #toJson(Dialect)} renders it as
 * the OpenAI error object or the Anthropic error object (TRANSLATION.md §4).
 *
 * @param type the error type as the source named it, or null to derive it from the status
 */
public record ApiError(int status, String type, String message, String param, String code) {
    private static final java.util.Set<String> ANTHROPIC_ONLY_TYPES = java.util.Set.of("authentication_error",
            "permission_error", "not_found_error", "request_too_large", "rate_limit_error", "api_error",
            "overloaded_error", "billing_error", "timeout_error");

    private static final ObjectMapper JSON = new ObjectMapper();

    public ApiError {
        if (message == null || message.isBlank()) {
            message = "HTTP " + status;
        }
    }

    public static ApiError of(int status, String message) {
        return new ApiError(status, null, message, null, null);
    }

    public static ApiError invalidRequest(String message) {
        return new ApiError(400, "invalid_request_error", message, null, null);
    }

    public static ApiError invalidRequest(String message, String param) {
        return new ApiError(400, "invalid_request_error", message, param, null);
    }

    /**
     * Reads an upstream error body of any shape: OpenAI {@code {error:{message,type,param,code}}},
     * Anthropic {@code {type:error,error:{type,message}}}, {@code {detail:{message}}}, {@code {message}}
     * or plain text.
     */
    public static ApiError fromUpstream(int status, byte[] body) {
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8).strip();
        JsonNode root;
        try {
            root = text.isEmpty() ? null : JSON.readTree(text);
        } catch (IOException e) {
            root = null;
        }
        if (root == null || !root.isObject()) {
            return new ApiError(status, null, text.isEmpty() ? "upstream answered HTTP " + status : truncate(text), null, null);
        }
        JsonNode err = root.get("error");
        if (err != null && err.isObject()) {
            return new ApiError(status, textOrNull(err, "type"), textOrNull(err, "message"),
                    textOrNull(err, "param"), textOrNull(err, "code"));
        }
        if (err != null && err.isTextual()) {
            return new ApiError(status, null, err.asText(), null, null);
        }
        JsonNode detail = root.get("detail");
        if (detail != null && detail.isObject() && detail.hasNonNull("message")) {
            return new ApiError(status, null, detail.get("message").asText(), null, null);
        }
        if (detail != null && detail.isTextual()) {
            return new ApiError(status, null, detail.asText(), null, null);
        }
        String message = textOrNull(root, "message");
        if (message == null) {
            message = textOrNull(root, "Message");
        }
        return new ApiError(status, null, message != null ? message : truncate(text), null, null);
    }

    /**
     * The error type for an Anthropic client: the source's own if it is one only Anthropic uses, else by
     * status. {@code invalid_request_error} is both dialects' word, and OpenAI sends it for a 404 or a
     * 413 too, so it never overrides the status.
     */
    public String anthropicType() {
        if (type != null && ANTHROPIC_ONLY_TYPES.contains(type)) {
            return type;
        }
        return switch (status) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 402 -> "billing_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 408, 504 -> "timeout_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 529 -> "overloaded_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }

    /** The error type for an OpenAI client: the source's own if it is an OpenAI-style type, else by status. */
    public String openAiType() {
        if (type != null && !type.isBlank() && !"error".equals(type)) {
            return switch (type) {
                case "rate_limit_error" -> "rate_limit_exceeded";
                case "api_error", "overloaded_error" -> "server_error";
                case "not_found_error" -> "invalid_request_error";
                default -> type;
            };
        }
        return switch (status) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "invalid_request_error";
            case 408, 504 -> "timeout";
            case 429 -> "rate_limit_exceeded";
            case 503, 529 -> "service_unavailable";
            default -> status >= 500 ? "server_error" : "invalid_request_error";
        };
    }

    /** The HTTP status an OpenAI client should see: 529 (Anthropic's overloaded) becomes 503. */
    public int statusFor(Dialect dialect) {
        return dialect != Dialect.AnthropicMessages && status == 529 ? 503 : status;
    }

    /** The error object in the client's dialect. */
    public ObjectNode toJson(Dialect dialect) {
        ObjectNode root = JSON.createObjectNode();
        if (dialect == Dialect.AnthropicMessages) {
            root.put("type", "error");
            ObjectNode err = root.putObject("error");
            err.put("type", anthropicType());
            err.put("message", message);
        } else {
            ObjectNode err = root.putObject("error");
            err.put("message", message);
            err.put("type", openAiType());
            if (param != null) {
                err.put("param", param);
            } else {
                err.putNull("param");
            }
            if (code != null) {
                err.put("code", code);
            } else {
                err.putNull("code");
            }
        }
        return root;
    }

    public byte[] toBytes(Dialect dialect) {
        return toJson(dialect).toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.isTextual() ? v.asText() : v.toString();
    }

    private static String truncate(String s) {
        String oneLine = s.replaceAll("\\s+", " ");
        return oneLine.length() > 500 ? oneLine.substring(0, 500) + "…" : oneLine;
    }
}
