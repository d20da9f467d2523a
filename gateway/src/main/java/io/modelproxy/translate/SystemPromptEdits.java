package io.modelproxy.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.modelproxy.config.ModelConfig;
import java.util.List;

/**
 * A LogicalModel's system prompt edits applied to a client request of any dialect: the literal
 * replacements, in order, in every system text, then the appended text at the end of the leading
 * system prompt. Where a dialect keeps its system texts is the dialect's own knowledge
 * ({@link DialectWire#placeSystemPrompt}). Works on the client's body, so it serves translated and
 * passed-through requests alike.
 */
public final class SystemPromptEdits {
    private static final String SEPARATOR = "\n\n";
    private final List<ModelConfig.SystemPrompt.Replacement> replacements;
    private final String append;

    public SystemPromptEdits(ModelConfig.SystemPrompt prompt) {
        this.replacements = prompt == null ? List.of() : prompt.replacements();
        this.append = prompt == null || prompt.append() == null || prompt.append().isEmpty() ? null : prompt.append();
    }

    /** True when there is nothing to do. */
    public boolean isEmpty() {
        return replacements.isEmpty() && append == null;
    }

    /** Edits {@code body} in place, where the wire's dialect keeps its system prompt, and returns it. */
    public ObjectNode apply(DialectWire wire, ObjectNode body) {
        if (!isEmpty()) {
            wire.placeSystemPrompt(body, this);
        }
        return body;
    }

    /** The text appended at the end of the leading system prompt, or null. */
    public String append() {
        return append;
    }

    /** {@code existing} and the appended text, separated by a blank line; the appended text alone when there is none. */
    public String appendedTo(String existing) {
        return existing != null && !existing.isEmpty() ? existing + SEPARATOR + append : append;
    }

    /** A system or developer message (Chat) or input item (Responses). */
    public static boolean isSystemRole(JsonNode message) {
        String role = Json.text(message, "role");
        return "system".equals(role) || "developer".equals(role);
    }

    /** The replacements in a message's content, a string or text parts. */
    public void replaceInContent(ObjectNode message) {
        JsonNode content = message.get("content");
        if (content != null && content.isTextual()) {
            message.put("content", replaced(content.asText()));
        } else if (content instanceof ArrayNode parts) {
            replaceInParts(parts);
        }
    }

    /** The replacements in the text of each part. */
    public void replaceInParts(ArrayNode parts) {
        for (JsonNode part : parts) {
            if (part instanceof ObjectNode p && p.get("text") instanceof TextNode text) {
                p.put("text", replaced(text.asText()));
            }
        }
    }

    /** The appended text at the end of a message's content, a string or text parts. */
    public void appendToContent(ObjectNode message) {
        JsonNode content = message.get("content");
        if (content instanceof ArrayNode parts) {
            parts.addObject().put("type", "text").put("text", append);
        } else {
            message.put("content", appendedTo(content != null && content.isTextual() ? content.asText() : null));
        }
    }

    /** The text with the replacements made, in order. */
    public String replaced(String text) {
        String out = text;
        for (ModelConfig.SystemPrompt.Replacement r : replacements) {
            if (r.find() != null && !r.find().isEmpty()) {
                out = out.replace(r.find(), r.replace() == null ? "" : r.replace());
            }
        }
        return out;
    }
}
