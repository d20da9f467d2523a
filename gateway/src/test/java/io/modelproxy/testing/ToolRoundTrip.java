package io.modelproxy.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelproxy.testing.WireAnswers.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The conversation fake providers play in round-trip tests: a greeting when no tools are offered, a
 * weather tool call while they are, the final text once the tool's result is in the history.
 */
public final class ToolRoundTrip {
    public static final String GREETING = "Hello from upstream!";
    public static final String TOOL = "get_weather";
    public static final String ARGUMENTS = "{\"city\":\"Paris\",\"unit\":\"celsius\"}";
    public static final String RESULT = "18 C, sunny";
    public static final String FINAL_TEXT = "It is 18 degrees and sunny in Paris.";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ToolRoundTrip() {}

    /** The provider's next reply; {@code callId} in the provider's own id style. */
    public static Reply reply(boolean resultSeen, boolean toolsOffered, String callId) {
        if (resultSeen) {
            return Reply.text(FINAL_TEXT);
        }
        return toolsOffered ? Reply.toolCall(callId, TOOL, ARGUMENTS) : Reply.text(GREETING);
    }

    /** True when some item of {@code items} (or a block of their content) has {@code field} equal to {@code value}. */
    public static boolean seen(JsonNode items, String field, String value) {
        for (JsonNode item : items) {
            if (value.equals(item.path(field).asText())) {
                return true;
            }
            for (JsonNode block : item.path("content")) {
                if (value.equals(block.path(field).asText())) {
                    return true;
                }
            }
        }
        return false;
    }

    public static JsonNode arguments() {
        try {
            return JSON.readTree(ARGUMENTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
