package io.modelproxy.dialect.chat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.api.Dialect;
import io.modelproxy.sse.SseEvent;
import io.modelproxy.translate.TranslationState;
import io.modelproxy.translate.Json;
import io.modelproxy.translate.StopReason;
import io.modelproxy.translate.StreamEncoder;
import io.modelproxy.translate.StreamEvent;
import io.modelproxy.translate.UpstreamTarget;
import io.modelproxy.translate.Usage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an OpenAI Chat Completions stream (TRANSLATION.md §3.3, §3.7): a role chunk, content,
 * reasoning_content and tool-call deltas as they come, then the finish chunk, the usage chunk if the
 * client asked for it, and {@code [DONE]}. Holds nothing but the numbering of open tool calls.
 */
final class ChatStreamEncoder implements StreamEncoder {
    private final UpstreamTarget target;
    private final TranslationState exchange;
    private final Map<Integer, Integer> indexByCall = new HashMap<>();
    private String id;
    private int nextIndex;
    private boolean started;
    private boolean ended;
    private boolean sawToolCall;
    private StopReason reason;
    private Usage usage;

    ChatStreamEncoder(UpstreamTarget target, TranslationState exchange) {
        this.target = target;
        this.exchange = exchange;
    }

    @Override
    public void encode(StreamEvent event, List<SseEvent> out) {
        if (ended) {
            return;
        }
        if (!started && !(event instanceof StreamEvent.Failed)) {
            started = true;
            id = exchange.ids().newId("chatcmpl-");
            out.add(chunk(Json.object().put("role", "assistant").put("content", ""), null));
        }
        switch (event) {
            case StreamEvent.TextDelta t -> {
                if (!t.text().isEmpty()) {
                    out.add(chunk(Json.object().put("content", t.text()), null));
                }
            }
            case StreamEvent.ThinkingDelta t -> {
                if (!t.text().isEmpty()) {
                    out.add(chunk(Json.object().put("reasoning_content", t.text()), null));
                }
            }
            case StreamEvent.ToolCallStarted c -> {
                sawToolCall = true;
                int index = nextIndex++;
                indexByCall.put(c.call(), index);
                ObjectNode call = Json.object().put("index", index).put("id", c.id()).put("type", "function");
                call.putObject("function").put("name", c.name()).put("arguments", "");
                out.add(toolChunk(call));
            }
            case StreamEvent.ToolArguments a -> {
                Integer index = indexByCall.get(a.call());
                if (index != null && !a.fragment().isEmpty()) {
                    ObjectNode call = Json.object().put("index", index);
                    call.putObject("function").put("arguments", a.fragment());
                    out.add(toolChunk(call));
                }
            }
            case StreamEvent.ToolCallEnded c -> indexByCall.remove(c.call());
            case StreamEvent.Finished f -> reason = f.reason();
            case StreamEvent.UsageReported u -> usage = u.usage();
            case StreamEvent.Completed c -> {
                ended = true;
                StopReason stop = (reason == null ? StopReason.END_TURN : reason).reconcile(sawToolCall);
                out.add(chunk(Json.object(), ChatResponses.finishReason(stop)));
                if (exchange.clientWantsUsage()) {
                    ObjectNode last = envelope();
                    last.putArray("choices");
                    last.set("usage", ChatResponses.usageJson(usage != null ? usage : Usage.ZERO));
                    out.add(SseEvent.data(Json.write(last)));
                }
                out.add(SseEvent.data("[DONE]"));
            }
            case StreamEvent.Failed f -> {
                ended = true;
                out.addAll(ChatWire.failureEvents(f.error()));
            }
            // Signatures and block ends have no Chat form; Started is the role chunk above.
            default -> { }
        }
    }

    private SseEvent toolChunk(ObjectNode call) {
        ObjectNode delta = Json.object();
        ArrayNode calls = delta.putArray("tool_calls");
        calls.add(call);
        return chunk(delta, null);
    }

    private SseEvent chunk(ObjectNode delta, String finishReason) {
        ObjectNode chunk = envelope();
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        if (exchange.clientWantsUsage()) {
            chunk.putNull("usage"); // as OpenAI does on every chunk but the last when usage is on
        }
        return SseEvent.data(Json.write(chunk));
    }

    private ObjectNode envelope() {
        return Json.object()
                .put("id", id)
                .put("object", "chat.completion.chunk")
                .put("created", exchange.ids().epochSeconds())
                .put("model", target.clientModel());
    }

    @Override
    public int footprint() {
        return indexByCall.size();
    }
}
