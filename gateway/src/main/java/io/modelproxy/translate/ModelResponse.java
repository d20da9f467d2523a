package io.modelproxy.translate;

import java.util.ArrayList;
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

    /** The answer's text parts, joined. */
    public String text() {
        StringBuilder text = new StringBuilder();
        for (Part p : content) {
            if (p instanceof Part.Text t) {
                text.append(t.text());
            }
        }
        return text.toString();
    }

    /**
     * The stream that carries this whole answer: what an upstream would have streamed had it been
     * asked to. Lets a gateway that had to ask for a whole answer still serve a streaming client.
     */
    public List<StreamEvent> events() {
        List<StreamEvent> events = new ArrayList<>();
        events.add(new StreamEvent.Started(usage));
        int call = 0;
        for (Part p : content) {
            switch (p) {
                case Part.Text t -> {
                    events.add(new StreamEvent.TextDelta(t.text()));
                    events.add(new StreamEvent.BlockEnded());
                }
                case Part.Thinking t -> {
                    events.add(new StreamEvent.ThinkingDelta(t.text()));
                    if (t.signature() != null) {
                        events.add(new StreamEvent.ThinkingSigned(t.signature()));
                    }
                    events.add(new StreamEvent.BlockEnded());
                }
                case Part.RedactedThinking r -> events.add(new StreamEvent.RedactedThinking(r.data()));
                case Part.ToolCall c -> {
                    events.add(new StreamEvent.ToolCallStarted(call, c.id(), c.name()));
                    events.add(new StreamEvent.ToolArguments(call, c.arguments() == null ? "" : c.arguments()));
                    events.add(new StreamEvent.ToolCallEnded(call++));
                }
                // media and tool results belong to requests, never to an answer
                case Part.Image i -> { }
                case Part.Document d -> { }
                case Part.ToolResult r -> { }
            }
        }
        events.add(new StreamEvent.Finished(stopReason, stopSequence));
        events.add(new StreamEvent.UsageReported(usage));
        events.add(new StreamEvent.Completed());
        return events;
    }
}
