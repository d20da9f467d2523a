package io.modelproxy.translate;

import java.util.List;

/**
 * A complete (non-streaming) model answer in no dialect's shape. Tool names and ids are the
 * client's (restored by the upstream decoder).
 */
public record ModelResponse(List<Part> content, StopReason stopReason, String stopSequence, Usage usage) {
    public ModelResponse {
        content = List.copyOf(content);
    }

    public boolean hasToolCalls() {
        return content.stream().anyMatch(p -> p instanceof Part.ToolCall);
    }
}
