package io.modelproxy.translate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** One piece of message content, in no dialect's shape. */
public sealed interface Part {

    /** Text; {@code cacheControl} is Anthropic's marker, kept only where an Anthropic upstream can use it. */
    record Text(String text, JsonNode cacheControl) implements Part {
        public Text(String text) {
            this(text, null);
        }
    }

    /** An image: base64 {@code data} with its {@code mediaType}, or a {@code url}. */
    record Image(String mediaType, String data, String url) implements Part {}

    /**
     * A document: base64 {@code data} of {@code mediaType} (PDF), a {@code url}, or plain {@code text}.
     */
    record Document(String mediaType, String data, String url, String text, String filename) implements Part {}

    /**
     * A tool call the assistant made; {@code arguments} is JSON text (Anthropic's {@code input}
     * serialized), possibly malformed when the upstream was cut off.
     */
    record ToolCall(String id, String name, String arguments) implements Part {}

    /** The answer to a tool call: text, images or documents. */
    record ToolResult(String callId, List<Part> content, boolean isError) implements Part {
        public ToolResult {
            content = List.copyOf(content);
        }
    }

    /** Reasoning text and, if the vendor issued one, the signature that lets it be replayed. */
    record Thinking(String text, ThinkingSignature signature) implements Part {}

    /** Anthropic's encrypted thinking; only an Anthropic upstream can read it. */
    record RedactedThinking(String data) implements Part {}
}
