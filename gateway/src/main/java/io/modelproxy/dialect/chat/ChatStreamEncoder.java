package io.modelproxy.dialect.chat;

import static io.modelproxy.sse.JsonFields.ascii;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.api.Dialect;
import io.modelproxy.sse.SseEvent;
import io.modelproxy.sse.SseEventWriter;
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
    private static final byte[] CONTENT = ascii("{\"content\":");
    private static final byte[] REASONING_CONTENT = ascii("{\"reasoning_content\":");
    private static final byte[] TOOL_CALL_INDEX = ascii("{\"tool_calls\":[{\"index\":");
    private static final byte[] ARGUMENTS = ascii(",\"function\":{\"arguments\":");
    private static final byte[] ARGUMENTS_CLOSE = ascii("}}]");
    private final Map<Integer, Integer> indexByCall = new HashMap<>();
    private final SseEventWriter writer = new SseEventWriter();
    /** The stream's chunks up to their delta, and after it: the same for every chunk of the stream. */
    private byte[] head;
    private byte[] tail;
    private String id;
    private long created;
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
            created = exchange.ids().epochSeconds(); // one time for every chunk, as OpenAI sends
            out.add(chunk(Json.object().put("role", "assistant").put("content", ""), null));
        }
        switch (event) {
            case StreamEvent.TextDelta t -> {
                if (!t.text().isEmpty()) {
                    out.add(close(delta(CONTENT).string(t.text())));
                }
            }
            case StreamEvent.ThinkingDelta t -> {
                if (!t.text().isEmpty()) {
                    out.add(close(delta(REASONING_CONTENT).string(t.text())));
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
                    out.add(close(delta(TOOL_CALL_INDEX).number(index).ascii(ARGUMENTS).string(a.fragment()).ascii(ARGUMENTS_CLOSE)));
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

    /**
     * A chunk with one delta member, written straight into bytes up to the member's value: the same
     * bytes {@link #chunk} makes of a tree. The caller writes the value, then {@link #close}s the chunk.
     */
    private SseEventWriter delta(byte[] member) {
        if (head == null) {
            String envelope = Json.write(envelope());
            head = ascii(envelope.substring(0, envelope.length() - 1) + ",\"choices\":[{\"index\":0,\"delta\":");
            tail = ascii("},\"logprobs\":null,\"finish_reason\":null}]" + (exchange.clientWantsUsage() ? ",\"usage\":null}" : "}"));
        }
        return writer.begin(null).ascii(head).ascii(member);
    }

    private SseEvent close(SseEventWriter chunk) {
        return chunk.ascii(tail).end();
    }

    private ObjectNode envelope() {
        return Json.object()
                .put("id", id)
                .put("object", "chat.completion.chunk")
                .put("created", created)
                .put("model", target.clientModel());
    }

    @Override
    public int footprint() {
        return indexByCall.size();
    }
}
