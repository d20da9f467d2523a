package io.modelproxy.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

/**
 * A local token count of an Anthropic-shaped request (system, message text, tool calls and results,
 * tool definitions), for {@code POST /v1/messages/count_tokens} on routes whose upstream has no such
 * endpoint and for the input estimate in an Anthropic client's {@code message_start}. It is an
 * estimate: OpenAI tokenizers differ from Claude's, and media get a flat cost.
 *
 * <p>Thread-safe; build one and share it (loading an encoding takes a moment).
 */
public final class TokenEstimator {
    /** Anthropic's cost of an image of about 1.15 megapixels, its resizing limit. */
    static final int MEDIA_TOKENS = 1600;
    /** Role markers and separators per message, as OpenAI's cookbook counts them. */
    static final int PER_MESSAGE_TOKENS = 3;

    private final Encoding encoding;

    public TokenEstimator(EncodingType type) {
        this.encoding = Encodings.newLazyEncodingRegistry().getEncoding(type);
    }

    public static TokenEstimator cl100k() {
        return new TokenEstimator(EncodingType.CL100K_BASE);
    }

    public static TokenEstimator o200k() {
        return new TokenEstimator(EncodingType.O200K_BASE);
    }

    /** Tokens of the text in an Anthropic Messages request body. */
    public long count(JsonNode request) {
        long tokens = 0;
        JsonNode system = request.get("system");
        if (system != null) {
            tokens += content(system) + PER_MESSAGE_TOKENS;
        }
        for (JsonNode m : Json.items(request, "messages")) {
            tokens += content(m.get("content")) + PER_MESSAGE_TOKENS;
        }
        for (JsonNode t : Json.items(request, "tools")) {
            tokens += text(Json.text(t, "name")) + text(Json.text(t, "description"));
            JsonNode schema = t.get("input_schema");
            if (schema != null) {
                tokens += text(Json.write(schema));
            }
        }
        return tokens;
    }

    private long content(JsonNode content) {
        if (content == null || content.isNull()) {
            return 0;
        }
        if (content.isTextual()) {
            return text(content.asText());
        }
        long tokens = 0;
        for (JsonNode block : content) {
            tokens += switch (Json.textOr(block, "type", "")) {
                case "text" -> text(Json.text(block, "text"));
                case "thinking" -> text(Json.text(block, "thinking"));
                case "tool_use" -> text(Json.text(block, "name")) + (block.has("input") ? text(Json.write(block.get("input"))) : 0);
                case "tool_result" -> content(block.get("content"));
                case "image", "document" -> textDocument(block);
                default -> 0;
            };
        }
        return tokens;
    }

    private long textDocument(JsonNode block) {
        JsonNode source = block.get("source");
        return "text".equals(Json.text(source, "type")) ? text(Json.text(source, "data")) : MEDIA_TOKENS;
    }

    private long text(String s) {
        return s == null || s.isEmpty() ? 0 : encoding.countTokensOrdinary(s);
    }
}
