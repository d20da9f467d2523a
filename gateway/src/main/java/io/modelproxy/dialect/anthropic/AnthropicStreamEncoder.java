package io.modelproxy.dialect.anthropic;

import static io.modelproxy.sse.JsonFields.ascii;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.api.Dialect;
import io.modelproxy.sse.SseEvent;
import io.modelproxy.sse.SseEventWriter;
import io.modelproxy.translate.TranslationState;
import io.modelproxy.translate.Json;
import io.modelproxy.translate.StopReason;
import io.modelproxy.translate.StreamEncoder;
import io.modelproxy.translate.StreamEvent;
import io.modelproxy.translate.ToolAliases;
import io.modelproxy.translate.UpstreamTarget;
import io.modelproxy.translate.Usage;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Writes an Anthropic Messages stream (TRANSLATION.md §3.2): sequential content blocks with
 * {@code event:} names, message_delta held until the end so it carries the final usage, exactly one
 * message_stop or one error event.
 *
 * <p>Anthropic blocks cannot interleave, OpenAI Chat tool calls can (case 3). The first call streams
 * live; a call that starts while another is open waits with its arguments buffered until the open
 * one ends (§3.2 step 7): memory is bounded by the arguments of calls still open.
 */
final class AnthropicStreamEncoder implements StreamEncoder {
    private enum Kind { TEXT, THINKING, TOOL }

    private record Open(Kind kind, int index, int call) {}

    private static final class Waiting {
        final int call;
        final String id;
        final String name;
        final StringBuilder arguments = new StringBuilder();
        boolean ended;

        Waiting(int call, String id, String name) {
            this.call = call;
            this.id = id;
            this.name = name;
        }
    }

    /*
     * The frames a stream is made of are written from these parts, in the member order of the trees the
     * other frames are built from: {"type":"content_block_delta","index":N,"delta":{"type":KIND,KIND_FIELD:"…"}}
     * and {"type":"content_block_stop","index":N}.
     */
    private static final String CONTENT_BLOCK_DELTA = "content_block_delta";
    private static final String CONTENT_BLOCK_STOP = "content_block_stop";
    private static final byte[] DELTA_INDEX = ascii("{\"type\":\"content_block_delta\",\"index\":");
    private static final byte[] TEXT_DELTA = ascii(",\"delta\":{\"type\":\"text_delta\",\"text\":");
    private static final byte[] THINKING_DELTA = ascii(",\"delta\":{\"type\":\"thinking_delta\",\"thinking\":");
    private static final byte[] SIGNATURE_DELTA = ascii(",\"delta\":{\"type\":\"signature_delta\",\"signature\":");
    private static final byte[] INPUT_JSON_DELTA = ascii(",\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":");
    private static final byte[] DELTA_END = ascii("}}");
    private static final byte[] STOP_INDEX = ascii("{\"type\":\"content_block_stop\",\"index\":");
    private static final byte[] STOP_END = ascii("}");

    private final SseEventWriter writer = new SseEventWriter();
    private final UpstreamTarget target;
    private final TranslationState exchange;
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private Open open;
    private int nextIndex;
    private boolean started;
    private boolean ended;
    private boolean sawToolUse;
    private StopReason reason;
    private String stopSequence;
    private Usage usage;

    AnthropicStreamEncoder(UpstreamTarget target, TranslationState exchange) {
        this.target = target;
        this.exchange = exchange;
    }

    @Override
    public void encode(StreamEvent event, List<SseEvent> out) {
        if (ended) {
            return;
        }
        if (!started && !(event instanceof StreamEvent.Failed)) {
            start(event instanceof StreamEvent.Started s ? s.usage() : null, out);
        }
        switch (event) {
            case StreamEvent.Started s -> { }
            case StreamEvent.TextDelta t -> {
                if (!t.text().isEmpty()) {
                    ensureOpen(Kind.TEXT, out);
                    delta(TEXT_DELTA, t.text(), out);
                }
            }
            case StreamEvent.ThinkingDelta t -> {
                if (!t.text().isEmpty()) {
                    ensureOpen(Kind.THINKING, out);
                    delta(THINKING_DELTA, t.text(), out);
                }
            }
            case StreamEvent.ThinkingSigned s -> {
                ensureOpen(Kind.THINKING, out);
                delta(SIGNATURE_DELTA, s.signature().forAnthropicClient(), out);
            }
            case StreamEvent.RedactedThinking r -> {
                closeAll(out);
                ObjectNode block = Json.object().put("type", "redacted_thinking").put("data", r.data());
                emitStart(nextIndex, block, out);
                emitStop(nextIndex++, out);
            }
            case StreamEvent.BlockEnded b -> {
                if (open != null && open.kind != Kind.TOOL) {
                    closeOpen(out);
                }
            }
            case StreamEvent.ToolCallStarted c -> {
                sawToolUse = true;
                if (open != null && open.kind == Kind.TOOL) {
                    waiting.add(new Waiting(c.call(), c.id(), c.name()));
                } else {
                    closeAll(out);
                    openTool(c.call(), c.id(), c.name(), out);
                }
            }
            case StreamEvent.ToolArguments a -> {
                if (open != null && open.kind == Kind.TOOL && open.call == a.call()) {
                    inputDelta(a.fragment(), out);
                } else {
                    for (Waiting w : waiting) {
                        if (w.call == a.call()) {
                            w.arguments.append(a.fragment());
                        }
                    }
                }
            }
            case StreamEvent.ToolCallEnded c -> {
                if (open != null && open.kind == Kind.TOOL && open.call == c.call()) {
                    closeOpen(out);
                    promoteWaiting(out);
                } else {
                    waiting.stream().filter(w -> w.call == c.call()).forEach(w -> w.ended = true);
                }
            }
            case StreamEvent.Finished f -> {
                reason = f.reason();
                stopSequence = f.stopSequence();
                closeAll(out);
            }
            case StreamEvent.UsageReported u -> usage = u.usage();
            case StreamEvent.Completed c -> finish(out);
            case StreamEvent.Failed f -> {
                ended = true;
                out.add(AnthropicWire.failureEvent(f.error()));
            }
        }
    }

    private void start(Usage upstreamUsage, List<SseEvent> out) {
        started = true;
        ObjectNode message = Json.object()
                .put("id", exchange.ids().newId("msg_"))
                .put("type", "message")
                .put("role", "assistant")
                .put("model", target.clientModel());
        message.putArray("content");
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        // Claude Code sizes its context from here; upstreams that report input only at the end get
        // the local estimate, and the exact numbers follow in message_delta (§3.8).
        message.set("usage", Json.object()
                .put("input_tokens", upstreamUsage != null && upstreamUsage.input() > 0 ? upstreamUsage.input() : exchange.inputEstimate())
                .put("cache_creation_input_tokens", 0)
                .put("cache_read_input_tokens", 0)
                .put("output_tokens", 0));
        ObjectNode data = Json.object().put("type", "message_start");
        data.set("message", message);
        out.add(frame(data));
    }

    private void finish(List<SseEvent> out) {
        closeAll(out);
        ended = true;
        StopReason stop = (reason == null ? StopReason.END_TURN : reason).reconcile(sawToolUse);
        ObjectNode data = Json.object().put("type", "message_delta");
        ObjectNode delta = data.putObject("delta").put("stop_reason", AnthropicResponses.stopReason(stop));
        if (stopSequence != null && stop == StopReason.STOP_SEQUENCE) {
            delta.put("stop_sequence", stopSequence);
        } else {
            delta.putNull("stop_sequence");
        }
        Usage u = usage != null ? usage : new Usage(exchange.inputEstimate(), 0, 0, 0, null);
        data.set("usage", AnthropicResponses.usageJson(u));
        out.add(frame(data));
        out.add(frame(Json.object().put("type", "message_stop")));
    }

    private void ensureOpen(Kind kind, List<SseEvent> out) {
        if (open != null && open.kind == kind) {
            return;
        }
        closeAll(out);
        ObjectNode block = kind == Kind.TEXT
                ? Json.object().put("type", "text").put("text", "")
                : Json.object().put("type", "thinking").put("thinking", "").put("signature", "");
        open = new Open(kind, nextIndex++, -1);
        emitStart(open.index, block, out);
    }

    private void openTool(int call, String id, String name, List<SseEvent> out) {
        ObjectNode block = Json.object().put("type", "tool_use")
                // Anthropic clients expect ids of [a-zA-Z0-9_-] (Kimi sends "functions.Bash:0").
                .put("id", id == null ? exchange.ids().newId("toolu_") : ToolAliases.rewrite(id))
                .put("name", name == null ? "" : name);
        block.putObject("input");
        open = new Open(Kind.TOOL, nextIndex++, call);
        emitStart(open.index, block, out);
    }

    private void promoteWaiting(List<SseEvent> out) {
        while (open == null && !waiting.isEmpty()) {
            Waiting w = waiting.poll();
            openTool(w.call, w.id, w.name, out);
            if (!w.arguments.isEmpty()) {
                inputDelta(w.arguments.toString(), out);
            }
            if (w.ended) {
                closeOpen(out);
            }
        }
    }

    /** Closes the open block and flushes every waiting call: nothing may stay open past this point. */
    private void closeAll(List<SseEvent> out) {
        closeOpen(out);
        waiting.forEach(w -> w.ended = true);
        promoteWaiting(out);
    }

    private void closeOpen(List<SseEvent> out) {
        if (open != null) {
            emitStop(open.index, out);
            open = null;
        }
    }

    private void inputDelta(String fragment, List<SseEvent> out) {
        delta(INPUT_JSON_DELTA, fragment, out);
    }

    /** A content_block_delta of the open block, {@code kind} being the delta's type and the name of its string member. */
    private void delta(byte[] kind, String value, List<SseEvent> out) {
        out.add(writer.begin(CONTENT_BLOCK_DELTA).ascii(DELTA_INDEX).number(open.index).ascii(kind).string(value)
                .ascii(DELTA_END).end());
    }

    private static void emitStart(int index, ObjectNode block, List<SseEvent> out) {
        ObjectNode data = Json.object().put("type", "content_block_start").put("index", index);
        data.set("content_block", block);
        out.add(frame(data));
    }

    private void emitStop(int index, List<SseEvent> out) {
        out.add(writer.begin(CONTENT_BLOCK_STOP).ascii(STOP_INDEX).number(index).ascii(STOP_END).end());
    }

    /** Anthropic clients dispatch on the event name: every frame carries it, equal to data.type. */
    private static SseEvent frame(ObjectNode data) {
        return new SseEvent(data.get("type").asText(), Json.write(data));
    }


    @Override
    public int footprint() {
        int held = waiting.size();
        for (Waiting w : waiting) {
            held += w.arguments.length();
        }
        return held;
    }
}
