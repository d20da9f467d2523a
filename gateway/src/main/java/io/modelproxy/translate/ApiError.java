package io.modelproxy.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * An error to show a client, independent of dialect: an HTTP status and a message, optionally the
 * upstream's own error type, offending parameter and code. Each dialect renders it as its own error
 * object, with its own type for the status ({@code DialectWire#errorBody}, TRANSLATION.md §4).
 *
 * @param type the error type as the source named it, or null to derive it from the status
 */
public record ApiError(int status, String type, String message, String param, String code) {
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

    private static String textOrNull(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.isTextual() ? v.asText() : v.toString();
    }

    private static String truncate(String s) {
        String oneLine = s.replaceAll("\\s+", " ");
        return oneLine.length() > 500 ? oneLine.substring(0, 500) + "…" : oneLine;
    }
}
