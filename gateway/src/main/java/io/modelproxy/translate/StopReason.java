package io.modelproxy.translate;

/** Why the model stopped, in Anthropic's vocabulary (the finest of the three); each dialect maps to it. */
public enum StopReason {
    END_TURN,
    STOP_SEQUENCE,
    MAX_TOKENS,
    TOOL_USE,
    PAUSE_TURN,
    REFUSAL,
    CONTEXT_WINDOW_EXCEEDED;

    /**
     * TRANSLATION.md §2.3 overrides: tool calls were emitted ⇒ tool use, even when the upstream said
     * "stop" (OpenAI does); "tool calls" without any call ⇒ an ordinary end of turn.
     */
    public StopReason reconcile(boolean sawToolCall) {
        if (sawToolCall && (this == END_TURN || this == STOP_SEQUENCE)) {
            return TOOL_USE;
        }
        if (!sawToolCall && this == TOOL_USE) {
            return END_TURN;
        }
        return this;
    }
}
