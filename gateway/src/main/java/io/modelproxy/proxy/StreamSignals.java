package io.modelproxy.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.api.Protocol;
import io.modelproxy.sse.SseEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * Reads the start of an upstream stream in the upstream's protocol, to find the commit point: frames
 * that carry nothing the client needs yet (Anthropic {@code message_start}/{@code ping}, a Chat
 * role-only chunk, Responses {@code response.created}) are held back, so an error arriving right after
 * them can still be retried elsewhere; the first content frame commits the stream.
 */
final class StreamSignals {
    private StreamSignals() {}

    enum Signal { PREAMBLE, CONTENT, TERMINAL, ERROR }

    static Signal classify(Protocol protocol, SseEvent event) {
        return switch (protocol) {
            case AnthropicMessages -> switch (type(event)) {
                case "error" -> Signal.ERROR;
                case "message_start", "ping" -> Signal.PREAMBLE;
                case "message_stop" -> Signal.TERMINAL;
                default -> Signal.CONTENT;
            };
            case OpenAIResponses -> switch (type(event)) {
                case "error", "response.failed" -> Signal.ERROR;
                case "response.created", "response.in_progress", "response.queued" -> Signal.PREAMBLE;
                case "response.completed", "response.incomplete" -> Signal.TERMINAL;
                default -> Signal.CONTENT;
            };
            case OpenAIChat, Mock -> chat(event);
        };
    }

    /** The event's type: its {@code event:} name, else the {@code type} in its data. */
    private static String type(SseEvent event) {
        if (event.event() != null) {
            return event.event();
        }
        byte[] data = event.data().getBytes(StandardCharsets.UTF_8);
        JsonFields.Span span = JsonFields.findString(data, 0, data.length, "type");
        return span == null ? "" : new String(data, span.start() + 1, span.end() - span.start() - 2, StandardCharsets.UTF_8);
    }

    private static Signal chat(SseEvent event) {
        if (event.isDone()) {
            return Signal.TERMINAL;
        }
        JsonNode chunk = parse(event.data());
        if (chunk == null) {
            return Signal.CONTENT;
        }
        if (chunk.has("error")) {
            return Signal.ERROR;
        }
        JsonNode choices = chunk.path("choices");
        if (choices.isEmpty()) {
            return chunk.path("usage").isObject() ? Signal.CONTENT : Signal.PREAMBLE;
        }
        for (JsonNode choice : choices) {
            if (!choice.path("finish_reason").isNull() && !choice.path("finish_reason").isMissingNode()) {
                return Signal.CONTENT;
            }
            Iterator<Map.Entry<String, JsonNode>> fields = choice.path("delta").properties().iterator();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                JsonNode v = f.getValue();
                boolean empty = v.isNull() || (v.isTextual() && v.asText().isEmpty()) || (v.isContainerNode() && v.isEmpty());
                if (!"role".equals(f.getKey()) && !empty) {
                    return Signal.CONTENT;
                }
            }
        }
        return Signal.PREAMBLE;
    }

    /**
     * An upstream error event as an error body the error policy and {@code ApiError.fromUpstream} read,
     * with the HTTP status the same error would have had before the stream started.
     */
    record StreamError(int status, byte[] body) {}

    static StreamError error(Protocol protocol, SseEvent event) {
        JsonNode root = parse(event.data());
        JsonNode error = root == null ? null : root.get("error");
        if (protocol == Protocol.OpenAIResponses && root != null) {
            if (error == null || !error.isObject()) {
                JsonNode inResponse = root.path("response").path("error");
                ObjectNode flat = JsonNodeFactory.instance.objectNode();
                flat.set("code", inResponse.isObject() ? inResponse.get("code") : root.get("code"));
                flat.set("message", inResponse.isObject() ? inResponse.get("message") : root.get("message"));
                flat.set("param", root.get("param"));
                error = flat;
            }
        }
        String kind = error == null || !error.isObject() ? null
                : error.hasNonNull("type") && !"error".equals(error.get("type").asText()) ? error.get("type").asText()
                : error.path("code").asText(null);
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        if (error != null && error.isObject()) {
            ObjectNode copy = ((ObjectNode) error).deepCopy();
            if (!copy.hasNonNull("type") && kind != null) {
                copy.put("type", kind);
            }
            body.set("error", copy);
        } else {
            body.putObject("error").put("message", event.data());
        }
        return new StreamError(statusOf(kind), body.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The HTTP status matching an error type or code from any of the three dialects. */
    static int statusOf(String kind) {
        if (kind == null) {
            return 500;
        }
        return switch (kind) {
            case "rate_limit_error", "rate_limit_exceeded", "insufficient_quota" -> 429;
            case "overloaded_error", "server_is_overloaded", "overloaded", "slow_down" -> 529;
            case "invalid_request_error", "invalid_prompt", "context_length_exceeded", "invalid_request" -> 400;
            case "authentication_error", "invalid_api_key" -> 401;
            case "billing_error" -> 402;
            case "permission_error" -> 403;
            case "not_found_error", "model_not_found" -> 404;
            case "request_too_large" -> 413;
            case "timeout_error" -> 504;
            case "service_unavailable", "service_unavailable_error" -> 503;
            default -> 500;
        };
    }

    private static JsonNode parse(String data) {
        try {
            JsonNode node = ClientRequest.JSON.readTree(data);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }
}
