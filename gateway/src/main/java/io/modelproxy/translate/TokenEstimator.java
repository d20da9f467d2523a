package io.modelproxy.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.function.ToLongFunction;

/**
 * A local token count of an Anthropic-shaped request (system, message text, tool calls and results,
 * tool definitions), for {@code POST /v1/messages/count_tokens} on routes whose upstream has no such
 * endpoint. It is an estimate: OpenAI tokenizers differ from Claude's, and media get a flat cost.
 * Tokenizing takes time in proportion to the prompt (about 60 ms for 200k tokens), so run
 * {@link #count} off the event loop; {@link #approximate} is the cheap form.
 *
 * <p>Thread-safe; build one and share it (loading an encoding takes a moment).
 */
public final class TokenEstimator {
    /** Anthropic's cost of an image of about 1.15 megapixels, its resizing limit. */
    static final int MEDIA_TOKENS = 1600;
    /** Role markers and separators per message, as OpenAI's cookbook counts them. */
    static final int PER_MESSAGE_TOKENS = 3;
    /** The usual characters per token of English text and code. */
    static final int CHARS_PER_TOKEN = 4;

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

    /** Tokens of an Anthropic Messages request body, by the tokenizer. */
    public long count(JsonNode request) {
        return walk(request, s -> encoding.countTokensOrdinary(s));
    }

    /** Tokens of a piece of text, by the tokenizer (e.g. what a stream generated, when it reported no usage). */
    public long countText(String text) {
        return text.isEmpty() ? 0 : encoding.countTokensOrdinary(text);
    }

    /**
     * Tokens of an Anthropic Messages request body at {@value #CHARS_PER_TOKEN} characters per token:
     * cheap enough for the event loop; what an Anthropic client's message_start carries until the
     * upstream reports real usage (§3.8).
     */
    public static long approximate(JsonNode request) {
        return walk(request, s -> (s.length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN);
    }

    private static long walk(JsonNode request, ToLongFunction<String> measure) {
        ToLongFunction<String> text = s -> s == null || s.isEmpty() ? 0 : measure.applyAsLong(s);
        long tokens = 0;
        JsonNode system = request.get("system");
        if (system != null) {
            tokens += content(system, text) + PER_MESSAGE_TOKENS;
        }
        for (JsonNode m : Json.items(request, "messages")) {
            tokens += content(m.get("content"), text) + PER_MESSAGE_TOKENS;
        }
        for (JsonNode t : Json.items(request, "tools")) {
            tokens += text.applyAsLong(Json.text(t, "name")) + text.applyAsLong(Json.text(t, "description"));
            JsonNode schema = t.get("input_schema");
            if (schema != null) {
                tokens += text.applyAsLong(Json.write(schema));
            }
        }
        return tokens;
    }

    private static long content(JsonNode content, ToLongFunction<String> text) {
        if (content == null || content.isNull()) {
            return 0;
        }
        if (content.isTextual()) {
            return text.applyAsLong(content.asText());
        }
        long tokens = 0;
        for (JsonNode block : content) {
            tokens += switch (Json.textOr(block, "type", "")) {
                case "text" -> text.applyAsLong(Json.text(block, "text"));
                case "thinking" -> text.applyAsLong(Json.text(block, "thinking"));
                case "tool_use" -> text.applyAsLong(Json.text(block, "name"))
                        + (block.has("input") ? text.applyAsLong(Json.write(block.get("input"))) : 0);
                case "tool_result" -> content(block.get("content"), text);
                case "image", "document" -> "text".equals(Json.text(block.get("source"), "type"))
                        ? text.applyAsLong(Json.text(block.get("source"), "data")) : MEDIA_TOKENS;
                default -> 0;
            };
        }
        return tokens;
    }
}
