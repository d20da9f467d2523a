package io.modelproxy.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.modelproxy.api.Dialect;
import io.modelproxy.config.ModelConfig;
import java.util.List;

/**
 * A LogicalModel's system prompt edits applied to a client request of any dialect: the literal
 * replacements, in order, in every system text (Anthropic {@code system} and system entries inside
 * messages; Chat system and developer messages; Responses {@code instructions} and system/developer
 * input items), then the appended text at the end of the leading system prompt. Works on the
 * client's body, so it serves translated and passed-through requests alike.
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

    /** Edits {@code body} in place and returns it. */
    public ObjectNode apply(Dialect dialect, ObjectNode body) {
        if (isEmpty()) {
            return body;
        }
        switch (dialect) {
            case AnthropicMessages -> anthropic(body);
            case OpenAIChat -> chat(body);
            case OpenAIResponses -> responses(body);
        }
        return body;
    }

    private void anthropic(ObjectNode body) {
        JsonNode system = body.get("system");
        if (system != null && system.isTextual()) {
            body.put("system", replaced(system.asText()));
        } else if (system instanceof ArrayNode blocks) {
            replaceInParts(blocks);
        }
        for (JsonNode m : Json.items(body, "messages")) {
            if ("system".equals(Json.text(m, "role"))) {
                replaceInContent((ObjectNode) m);
            }
        }
        if (append == null) {
            return;
        }
        system = body.get("system");
        if (system instanceof ArrayNode blocks) {
            blocks.addObject().put("type", "text").put("text", append);
        } else {
            body.put("system", system != null && system.isTextual() && !system.asText().isEmpty()
                    ? system.asText() + SEPARATOR + append : append);
        }
    }

    private void chat(ObjectNode body) {
        ObjectNode lastLeading = null;
        boolean leading = true;
        for (JsonNode m : Json.items(body, "messages")) {
            boolean system = isSystemRole(m);
            if (system) {
                replaceInContent((ObjectNode) m);
                if (leading) {
                    lastLeading = (ObjectNode) m;
                }
            }
            leading &= system;
        }
        if (append == null) {
            return;
        }
        if (lastLeading != null) {
            appendToContent(lastLeading);
        } else if (body.get("messages") instanceof ArrayNode messages) {
            messages.insertObject(0).put("role", "system").put("content", append);
        }
    }

    private void responses(ObjectNode body) {
        String instructions = Json.text(body, "instructions");
        if (instructions != null) {
            body.put("instructions", replaced(instructions));
        }
        for (JsonNode item : Json.items(body, "input")) {
            if (isSystemRole(item)) {
                replaceInContent((ObjectNode) item);
            }
        }
        if (append != null) {
            body.put("instructions", instructions != null && !instructions.isEmpty()
                    ? body.get("instructions").asText() + SEPARATOR + append : append);
        }
    }

    private static boolean isSystemRole(JsonNode message) {
        String role = Json.text(message, "role");
        return "system".equals(role) || "developer".equals(role);
    }

    private void replaceInContent(ObjectNode message) {
        JsonNode content = message.get("content");
        if (content != null && content.isTextual()) {
            message.put("content", replaced(content.asText()));
        } else if (content instanceof ArrayNode parts) {
            replaceInParts(parts);
        }
    }

    private void replaceInParts(ArrayNode parts) {
        for (JsonNode part : parts) {
            if (part instanceof ObjectNode p && p.get("text") instanceof TextNode text) {
                p.put("text", replaced(text.asText()));
            }
        }
    }

    private void appendToContent(ObjectNode message) {
        JsonNode content = message.get("content");
        if (content instanceof ArrayNode parts) {
            parts.addObject().put("type", "text").put("text", append);
        } else {
            message.put("content", content != null && content.isTextual() && !content.asText().isEmpty()
                    ? content.asText() + SEPARATOR + append : append);
        }
    }

    private String replaced(String text) {
        String out = text;
        for (ModelConfig.SystemPrompt.Replacement r : replacements) {
            if (r.find() != null && !r.find().isEmpty()) {
                out = out.replace(r.find(), r.replace() == null ? "" : r.replace());
            }
        }
        return out;
    }
}
