package io.modelproxy.enforcement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.config.ModelConfig;
import io.modelproxy.translate.AnswerFlag;
import io.modelproxy.translate.DialectWire;
import io.modelproxy.translate.SystemPromptEdits;
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
    static ObjectNode withCorrection(DialectWire client, ObjectNode previous, String replyText, String correction) {
        ObjectNode body = previous.deepCopy();
        client.appendCorrection(body, replyText, correction);
        return body;
    }

    /** Removes the termination flag from the answer's text, in place; text that only said the flag goes. */
    static void stripFlag(DialectWire client, ObjectNode answer, String flag) {
        if (!flag.isEmpty()) {
            client.stripFromAnswer(answer, new AnswerFlag(flag));
        }
    }
}
