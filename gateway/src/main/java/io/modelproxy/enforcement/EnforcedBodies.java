package io.modelproxy.enforcement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.api.Dialect;
import io.modelproxy.config.ModelConfig;
import io.modelproxy.translate.DialectWire;
import io.modelproxy.translate.SystemPromptEdits;
import java.util.Iterator;
import java.util.List;

/**
 * The edits enforcement makes to bodies in the client's own dialect, so they work the same on
 * passed-through and translated routes: the request it sends (guidance, no streaming), the
 * correction turn it appends, and the answer without the termination flag.
 */
final class EnforcedBodies {
    private EnforcedBodies() {}

    /** Enforcement concerns requests that offer the model tools. */
    static boolean hasTools(ObjectNode body) {
        JsonNode tools = body.get("tools");
        return tools != null && tools.isArray() && !tools.isEmpty();
    }

    /** The first request: the guidance at the end of the system prompt, asked for a whole answer. */
    static ObjectNode firstRequest(DialectWire client, ObjectNode clientBody, String guidance) {
        ObjectNode body = clientBody.deepCopy();
        new SystemPromptEdits(new ModelConfig.SystemPrompt(List.of(), guidance)).apply(client, body);
        body.put("stream", false);
        // OpenAI rejects stream_options on a request that does not stream
        body.remove("stream_options");
        return body;
    }

    /** The next request: the previous one, the model's reply and the correction as a user turn. */
    static ObjectNode withCorrection(Dialect dialect, ObjectNode previous, String replyText, String correction) {
        ObjectNode body = previous.deepCopy();
        boolean replied = !replyText.isBlank();
        switch (dialect) {
            case AnthropicMessages -> {
                ArrayNode messages = array(body, "messages");
                if (replied) {
                    ObjectNode reply = messages.addObject().put("role", "assistant");
                    reply.putArray("content").addObject().put("type", "text").put("text", replyText);
                }
                messages.addObject().put("role", "user").putArray("content").addObject().put("type", "text").put("text", correction);
            }
            case OpenAIChat -> {
                ArrayNode messages = array(body, "messages");
                if (replied) {
                    messages.addObject().put("role", "assistant").put("content", replyText);
                }
                messages.addObject().put("role", "user").put("content", correction);
            }
            case OpenAIResponses -> {
                JsonNode input = body.get("input");
                ArrayNode items = input instanceof ArrayNode a ? a : body.putArray("input");
                if (input != null && input.isTextual()) {
                    items.addObject().put("type", "message").put("role", "user").put("content", input.asText());
                }
                if (replied) {
                    ObjectNode reply = items.addObject().put("type", "message").put("role", "assistant");
                    reply.putArray("content").addObject().put("type", "output_text").put("text", replyText);
                }
                ObjectNode turn = items.addObject().put("type", "message").put("role", "user");
                turn.putArray("content").addObject().put("type", "input_text").put("text", correction);
            }
        }
        return body;
    }

    /** Removes the termination flag from the answer's text, in place; text that only said the flag goes. */
    static void stripFlag(Dialect dialect, ObjectNode answer, String flag) {
        if (flag.isEmpty()) {
            return;
        }
        switch (dialect) {
            case AnthropicMessages -> stripTextParts(answer.get("content"), "text", flag);
            case OpenAIChat -> {
                for (JsonNode choice : iterable(answer.get("choices"))) {
                    if (choice.get("message") instanceof ObjectNode message) {
                        JsonNode content = message.get("content");
                        if (content != null && content.isTextual() && content.asText().contains(flag)) {
                            String text = stripped(content.asText(), flag);
                            if (text.isEmpty() && message.has("tool_calls")) {
                                message.putNull("content");
                            } else {
                                message.put("content", text);
                            }
                        } else {
                            stripTextParts(content, "text", flag);
                        }
                    }
                }
            }
            case OpenAIResponses -> {
                JsonNode output = answer.get("output");
                for (Iterator<JsonNode> items = iterable(output).iterator(); items.hasNext(); ) {
                    JsonNode item = items.next();
                    if ("message".equals(item.path("type").asText()) && item.get("content") instanceof ArrayNode parts
                            && !parts.isEmpty()) {
                        stripTextParts(parts, "output_text", flag);
                        if (parts.isEmpty()) {
                            items.remove();
                        }
                    }
                }
            }
        }
    }

    /** Strips the flag from every text part of {@code type}, dropping parts left empty. */
    private static void stripTextParts(JsonNode parts, String type, String flag) {
        for (Iterator<JsonNode> it = iterable(parts).iterator(); it.hasNext(); ) {
            JsonNode part = it.next();
            if (part instanceof ObjectNode p && type.equals(p.path("type").asText()) && p.path("text").asText().contains(flag)) {
                String text = stripped(p.path("text").asText(), flag);
                if (text.isEmpty()) {
                    it.remove();
                } else {
                    p.put("text", text);
                }
            }
        }
    }

    private static String stripped(String text, String flag) {
        return text.replace(flag, "").strip();
    }

    private static Iterable<JsonNode> iterable(JsonNode node) {
        return node instanceof ArrayNode array ? array : List.of();
    }

    private static ArrayNode array(ObjectNode body, String field) {
        return body.get(field) instanceof ArrayNode a ? a : body.putArray(field);
    }
}
