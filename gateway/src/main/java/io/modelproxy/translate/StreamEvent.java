package io.modelproxy.translate;


/**
 * One step of a streamed answer in no dialect's shape. Upstream decoders produce them, client
 * encoders consume them. Text and thinking open implicitly with their first delta and end at the
 * next {@link BlockEnded}, at a change of kind, or at the end; tool calls are numbered per stream
 * ({@code call}) because OpenAI Chat may interleave several.
 */
public sealed interface StreamEvent {

    /** The upstream started answering; {@code usage} only when it already reports input tokens. */
    record Started(Usage usage) implements StreamEvent {}

    record TextDelta(String text) implements StreamEvent {}

    record ThinkingDelta(String text) implements StreamEvent {}

    /** The signature of the thinking in progress (or of a thinking block with no text). */
    record ThinkingSigned(ThinkingSignature signature) implements StreamEvent {}

    record RedactedThinking(String data) implements StreamEvent {}

    /** The text or thinking block in progress is complete. */
    record BlockEnded() implements StreamEvent {}

    /** A tool call starts; {@code id} and {@code name} are the client's. */
    record ToolCallStarted(int call, String id, String name) implements StreamEvent {}

    /** A fragment of a call's JSON arguments. */
    record ToolArguments(int call, String fragment) implements StreamEvent {}

    record ToolCallEnded(int call) implements StreamEvent {}

    /** Why the model stopped; usage and the end of the stream may still follow. */
    record Finished(StopReason reason, String stopSequence) implements StreamEvent {}

    /** Usage so far (cumulative; the last one wins). */
    record UsageReported(Usage usage) implements StreamEvent {}

    /** The upstream completed the answer. */
    record Completed() implements StreamEvent {}

    /** The stream failed; nothing follows. */
    record Failed(ApiError error) implements StreamEvent {}
}
