package io.modelproxy.dialect.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelproxy.translate.ApiError;
import io.modelproxy.translate.Json;

/** Anthropic error objects, as they arrive in a stream or a 200 body. */
final class AnthropicErrors {
    private AnthropicErrors() {}

    /** An {@code {"type":"error","error":{type,message}}} object; the status follows from the type (§4.2). */
    static ApiError fromEvent(JsonNode body) {
        JsonNode err = body.get("error");
        String type = Json.text(err, "type");
        int status = type == null ? 500 : switch (type) {
            case "invalid_request_error" -> 400;
            case "authentication_error" -> 401;
            case "billing_error" -> 402;
            case "permission_error" -> 403;
            case "not_found_error" -> 404;
            case "request_too_large" -> 413;
            case "rate_limit_error" -> 429;
            case "timeout_error" -> 504;
            case "overloaded_error" -> 529;
            default -> 500;
        };
        return new ApiError(status, type, Json.text(err, "message"), null, null);
    }
}
