package io.modelproxy.translate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.api.Dialect;
import io.modelproxy.sse.SseEvent;
import io.modelproxy.sse.SseFrame;

/**
 * Everything the gateway knows about one wire dialect, in the dialect's own package: its codec, where
 * its requests go, how its streams commit and end, how its errors look and where its system prompt
 * lives. The gateway asks the {@code Dialects} registry for the one of a client or a provider.
 */
public interface DialectWire {

    default Dialect dialect() {
        return codec().protocol();
    }

    /** Reads and writes the dialect's bodies and streams through the neutral model. */
    DialectCodec codec();

    /** The path of a generation under a provider's base URL, e.g. {@code /chat/completions}. */
    String generationPath();

    /** What an upstream stream frame (one with data) of this dialect means for the commit point. */
    StreamSignal classify(SseFrame frame);

    /** An upstream error event (one {@link #classify} calls {@link StreamSignal#ERROR}) as an error body and status. */
    UpstreamStreamError streamError(SseEvent event);

    /**
     * A same-dialect stream to a client: frames go out as they came, with the client's model id
     * spliced into the frames that name a model, and the dialect's end or error event when the
     * upstream breaks off.
     *
     * @param quotedModel the client's model id as a JSON string literal
     * @param accounting where a dialect that reads its frames anyway reports the stream's text and usage
     * @param hideUsage the gateway asked the upstream for usage the client did not ask for (see
     *     {@link #reportsStreamUsage}): frames that only report it go to {@code accounting}, not to the client
     */
    ClientStream passThrough(String clientModel, byte[] quotedModel, StreamAccounting accounting, boolean hideUsage);

    /**
     * Whether the dialect's streams report their token usage unasked. Chat's do only when the request sets
     * {@code stream_options.include_usage}: the gateway then asks for it on the client's behalf.
     */
    default boolean reportsStreamUsage() {
        return true;
    }

    /** The HTTP status a client of this dialect gets for the error. */
    int clientStatus(ApiError error);

    /** The dialect's error object. */
    ObjectNode errorBody(ApiError error);

    /** Applies a model's system prompt edits where this dialect keeps its system prompt. */
    void placeSystemPrompt(ObjectNode body, SystemPromptEdits edits);

    /**
     * Appends to a request body the model's reply (when {@code replyText} is not blank) as an assistant
     * turn and then {@code correction} as a user turn, in this dialect's conversation shape.
     */
    void appendCorrection(ObjectNode body, String replyText, String correction);

    /** Takes {@code flag} out of a whole answer's text, in place, where this dialect keeps its text. */
    void stripFromAnswer(ObjectNode answer, AnswerFlag flag);
}
