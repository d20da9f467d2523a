package io.modelproxy.dialect.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.translate.ApiError;
import io.modelproxy.translate.Json;
import io.modelproxy.translate.Message;
import io.modelproxy.translate.Part;
import io.modelproxy.translate.Role;
import io.modelproxy.translate.ThinkingSignature;
import io.modelproxy.translate.TranslationException;
import io.modelproxy.translate.TranslationState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The neutral conversation written as the {@code messages} of an Anthropic request: each part as the
 * content block Claude takes for it (or none, for what it would reject), turns merged and ordered the
 * way the Messages API wants them (TRANSLATION.md §1).
 */
final class AnthropicContentBlocks {
    private static final Set<String> IMAGE_TYPES = Set.of("image/jpeg", "image/png", "image/gif", "image/webp");

    private AnthropicContentBlocks() {}

    /** The conversation as Anthropic messages: roles alternating, tool results first in a user turn, no trailing thinking. */
    static ArrayNode messages(List<Message> messages, TranslationState x) throws TranslationException {
        List<ObjectNode> out = new ArrayList<>();
        for (Message m : messages) {
            String role = m.role() == Role.ASSISTANT ? "assistant" : "user";
            ArrayNode content = Json.array();
            for (Part p : m.parts()) {
                ObjectNode block = m.role() == Role.ASSISTANT ? assistantBlock(p, x) : userBlock(p, x);
                if (block != null) {
                    content.add(block);
                }
            }
            if (content.isEmpty()) {
                continue;
            }
            ObjectNode previous = out.isEmpty() ? null : out.get(out.size() - 1);
            if (previous != null && role.equals(previous.get("role").asText())) {
                ((ArrayNode) previous.get("content")).addAll(content);
            } else {
                ObjectNode message = Json.object().put("role", role);
                message.set("content", content);
                out.add(message);
            }
        }
        ArrayNode result = Json.array();
        for (ObjectNode m : out) {
            if ("user".equals(m.get("role").asText())) {
                m.set("content", toolResultsFirst((ArrayNode) m.get("content")));
            }
            result.add(m);
        }
        trimTrailingThinking(result);
        return result;
    }

    /** Anthropic wants the answers to the previous turn's tool calls before anything else in a user turn. */
    private static ArrayNode toolResultsFirst(ArrayNode content) {
        ArrayNode sorted = Json.array();
        content.forEach(b -> {
            if ("tool_result".equals(Json.text(b, "type"))) {
                sorted.add(b);
            }
        });
        content.forEach(b -> {
            if (!"tool_result".equals(Json.text(b, "type"))) {
                sorted.add(b);
            }
        });
        return sorted;
    }

    /** A final assistant message (a prefill) may not end with thinking (case 45). */
    private static void trimTrailingThinking(ArrayNode messages) {
        if (messages.isEmpty()) {
            return;
        }
        JsonNode last = messages.get(messages.size() - 1);
        if (!"assistant".equals(Json.text(last, "role"))) {
            return;
        }
        ArrayNode content = (ArrayNode) last.get("content");
        while (!content.isEmpty() && isThinking(content.get(content.size() - 1))) {
            content.remove(content.size() - 1);
        }
        if (content.isEmpty()) {
            messages.remove(messages.size() - 1);
        }
    }

    /**
     * With thinking on, Claude wants the assistant turn whose tool calls the request answers to open
     * with a signed thinking block. If history lost it (it came from another vendor), thinking is
     * turned off for this request rather than failing it (case 43).
     */
    static boolean lastToolTurnIsSigned(ArrayNode messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode m = messages.get(i);
            if ("assistant".equals(Json.text(m, "role"))) {
                boolean usesTools = false;
                for (JsonNode b : m.get("content")) {
                    usesTools |= "tool_use".equals(Json.text(b, "type"));
                }
                return !usesTools || isThinking(m.get("content").get(0));
            }
        }
        return true;
    }

    private static boolean isThinking(JsonNode block) {
        String type = Json.text(block, "type");
        return "thinking".equals(type) || "redacted_thinking".equals(type);
    }

    private static ObjectNode assistantBlock(Part p, TranslationState x) {
        return switch (p) {
            case Part.Text t -> t.text().isEmpty() ? null : textBlock(t);
            case Part.ToolCall c -> {
                ObjectNode b = Json.object().put("type", "tool_use")
                        .put("id", x.aliases().upstreamId(c.id()))
                        .put("name", x.aliases().upstreamName(c.name()));
                b.set("input", Json.argumentsObject(c.arguments()));
                yield b;
            }
            case Part.Thinking t -> t.signature() != null && t.signature().origin() == ThinkingSignature.Origin.ANTHROPIC
                    // Foreign or missing signatures are rejected by Anthropic: such thinking is dropped (case 44).
                    ? Json.object().put("type", "thinking").put("thinking", t.text()).put("signature", t.signature().value())
                    : null;
            case Part.RedactedThinking r -> Json.object().put("type", "redacted_thinking").put("data", r.data());
            default -> null;
        };
    }

    private static ObjectNode userBlock(Part p, TranslationState x) throws TranslationException {
        return switch (p) {
            case Part.Text t -> t.text().isEmpty() ? null : textBlock(t);
            case Part.Image i -> imageBlock(i);
            case Part.Document d -> documentBlock(d);
            case Part.ToolResult r -> {
                ObjectNode b = Json.object().put("type", "tool_result").put("tool_use_id", x.aliases().upstreamId(r.callId()));
                ArrayNode content = Json.array();
                for (Part c : r.content()) {
                    ObjectNode block = userBlock(c, x);
                    if (block != null) {
                        content.add(block);
                    }
                }
                if (content.size() == 1 && "text".equals(Json.text(content.get(0), "type"))
                        && !content.get(0).has("cache_control")) {
                    b.put("content", content.get(0).get("text").asText());
                } else if (!content.isEmpty()) {
                    b.set("content", content);
                }
                if (r.isError()) {
                    b.put("is_error", true);
                }
                yield b;
            }
            default -> null;
        };
    }

    static ObjectNode textBlock(Part.Text t) {
        ObjectNode b = Json.object().put("type", "text").put("text", t.text());
        if (t.cacheControl() != null && !t.cacheControl().isNull()) {
            b.set("cache_control", t.cacheControl());
        }
        return b;
    }

    private static ObjectNode imageBlock(Part.Image i) throws TranslationException {
        if (i.url() != null) {
            if (i.url().toLowerCase(Locale.ROOT).split("[?#]")[0].endsWith(".pdf")) {
                ObjectNode doc = Json.object().put("type", "document");
                doc.putObject("source").put("type", "url").put("url", i.url());
                return doc;
            }
            ObjectNode b = Json.object().put("type", "image");
            b.putObject("source").put("type", "url").put("url", i.url());
            return b;
        }
        String mediaType = i.mediaType() == null ? "" : i.mediaType().toLowerCase(Locale.ROOT);
        if ("application/pdf".equals(mediaType)) {
            return documentBlock(new Part.Document(mediaType, i.data(), null, null, null));
        }
        if (!IMAGE_TYPES.contains(mediaType)) {
            throw new TranslationException(ApiError.invalidRequest("image media type '" + i.mediaType()
                    + "' is not supported by Anthropic upstreams (jpeg, png, gif and webp are)", "image_url"));
        }
        ObjectNode b = Json.object().put("type", "image");
        b.putObject("source").put("type", "base64").put("media_type", mediaType).put("data", i.data());
        return b;
    }

    private static ObjectNode documentBlock(Part.Document d) throws TranslationException {
        ObjectNode b = Json.object().put("type", "document");
        ObjectNode source = b.putObject("source");
        if (d.text() != null) {
            source.put("type", "text").put("media_type", "text/plain").put("data", d.text());
        } else if (d.url() != null) {
            source.put("type", "url").put("url", d.url());
        } else if ("application/pdf".equals(d.mediaType())) {
            source.put("type", "base64").put("media_type", "application/pdf").put("data", d.data());
        } else {
            throw new TranslationException(ApiError.invalidRequest("file type '" + d.mediaType()
                    + "' is not supported by Anthropic upstreams (PDF and plain text are)", "file"));
        }
        if (d.filename() != null) {
            b.put("title", d.filename());
        }
        return b;
    }
}
