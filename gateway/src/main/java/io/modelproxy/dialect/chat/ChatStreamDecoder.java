package io.modelproxy.dialect.chat;

import io.modelproxy.translate.ApiError;
import io.modelproxy.sse.FrameEdits;
import io.modelproxy.sse.SseFrame;
import io.modelproxy.translate.TranslationState;
import io.modelproxy.translate.StopReason;
import io.modelproxy.translate.StreamAccounting;
import io.modelproxy.translate.StreamDecoder;
import io.modelproxy.translate.StreamEvent;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads an OpenAI Chat Completions stream (TRANSLATION.md §3.2 steps 2–11). Splits a chunk into
 * reasoning, text, tool calls, finish, in that order; numbers tool calls by their {@code index}, or
 * by a new {@code id} on a reused index (Gemini sends parallel calls all on index 0, case 4).
 */
final class ChatStreamDecoder implements StreamDecoder {
    private final TranslationState exchange;
    private final ChatChunk chunk = new ChatChunk();
    private final Map<Integer, Integer> callByIndex = new HashMap<>();
    private final Map<Integer, String> idByIndex = new HashMap<>();
    private final Set<Integer> openCalls = new LinkedHashSet<>();
    private int nextCall;
    private boolean started;
    private boolean finished;
    private boolean refused;
    private boolean done;

    ChatStreamDecoder(TranslationState exchange) {
        this.exchange = exchange;
    }

    @Override
    public void decode(SseFrame frame, Consumer<StreamEvent> sink) {
        if (done) {
            return;
        }
        if (frame.isDone()) {
            finish(sink);
            return;
        }
        FrameEdits.Data data = FrameEdits.data(frame);
        if (!chunk.read(data.bytes(), data.from(), data.to())) {
            return; // malformed chunks are skipped (envoy)
        }
        if (chunk.error) {
            done = true;
            sink.accept(new StreamEvent.Failed(streamError(Arrays.copyOfRange(data.bytes(), data.from(), data.to()))));
            return;
        }
        if (!started) {
            started = true;
            sink.accept(new StreamEvent.Started(null));
        }
        if (chunk.choice) {
            choice(sink);
        }
        if (chunk.usage != null) {
            sink.accept(new StreamEvent.UsageReported(ChatResponses.usage(chunk.usage)));
        }
    }

    private void choice(Consumer<StreamEvent> sink) {
        String reasoning = chunk.reasoningContent != null ? chunk.reasoningContent : chunk.reasoning;
        if (reasoning != null && !reasoning.isEmpty()) {
            sink.accept(new StreamEvent.ThinkingDelta(reasoning)); // "" opens nothing (case 17)
        }
        if (chunk.content != null && !chunk.content.isEmpty()) {
            sink.accept(new StreamEvent.TextDelta(chunk.content));
        }
        if (chunk.refusal != null && !chunk.refusal.isEmpty()) {
            refused = true;
            sink.accept(new StreamEvent.TextDelta(chunk.refusal));
        }
        for (int i = 0; i < chunk.calls.size(); i++) {
            toolCall(chunk.calls.get(i), i, sink);
        }
        if (chunk.finishReason != null && !finished) {
            finished = true;
            endOpenCalls(sink);
            sink.accept(new StreamEvent.Finished(refused ? StopReason.REFUSAL : ChatResponses.finishReason(chunk.finishReason), null));
        }
    }

    private void toolCall(ChatChunk.CallDelta call, int position, Consumer<StreamEvent> sink) {
        int index = call.index() != null ? call.index() : position;
        String id = call.id();
        if (id != null && id.isEmpty()) {
            id = null;
        }
        Integer number = callByIndex.get(index);
        String knownId = idByIndex.get(index);
        if (number == null || (id != null && knownId != null && !id.equals(knownId))) {
            if (number != null) {
                end(number, sink);
            }
            number = nextCall++;
            callByIndex.put(index, number);
            idByIndex.put(index, id);
            openCalls.add(number);
            sink.accept(new StreamEvent.ToolCallStarted(number,
                    id != null ? exchange.aliases().clientId(id) : exchange.ids().newId("call_"),
                    exchange.aliases().clientName(call.name())));
        } else if (knownId == null && id != null) {
            idByIndex.put(index, id);
        }
        String arguments = call.arguments();
        // Arguments in the very first chunk, next to id and name, are real arguments (case 5).
        if (arguments != null && !arguments.isEmpty() && openCalls.contains(number)) {
            sink.accept(new StreamEvent.ToolArguments(number, arguments));
        }
    }

    private void end(int call, Consumer<StreamEvent> sink) {
        if (openCalls.remove(call)) {
            sink.accept(new StreamEvent.ToolCallEnded(call));
        }
    }

    private void endOpenCalls(Consumer<StreamEvent> sink) {
        for (Integer call : List.copyOf(openCalls)) {
            end(call, sink);
        }
        callByIndex.clear();
        idByIndex.clear();
    }

    /** [DONE] or EOF: close cleanly even without a finish_reason or usage (§3.2 step 10). */
    private void finish(Consumer<StreamEvent> sink) {
        done = true;
        if (!started) {
            sink.accept(new StreamEvent.Started(null));
        }
        endOpenCalls(sink);
        if (!finished) {
            sink.accept(new StreamEvent.Finished(refused ? StopReason.REFUSAL : StopReason.END_TURN, null));
        }
        sink.accept(new StreamEvent.Completed());
    }

    @Override
    public void complete(Consumer<StreamEvent> sink) {
        if (done) {
            return;
        }
        if (!started) {
            done = true;
            sink.accept(new StreamEvent.Failed(new ApiError(502, "api_error",
                    "upstream stream ended without sending anything", null, null)));
            return;
        }
        finish(sink);
    }

    /** A {@code data: {"error":…}} frame inside a 200 stream (§4.1); its status is unknown, so 500 unless the code says. */
    private static ApiError streamError(byte[] chunk) {
        ApiError e = ApiError.fromUpstream(500, chunk);
        String code = e.code() == null ? "" : e.code();
        int status = switch (code) {
            case "rate_limit_exceeded", "insufficient_quota" -> 429;
            case "context_length_exceeded", "invalid_prompt" -> 400;
            default -> e.status();
        };
        return new ApiError(status, e.type(), e.message(), e.param(), e.code());
    }

    /** Reports the text of content, reasoning, refusals and tool arguments, and each usage object, as the chunks are read. */
    @Override
    public boolean reportsTo(StreamAccounting accounting) {
        chunk.reportTo(accounting);
        return true;
    }

    @Override
    public int footprint() {
        return callByIndex.size() + idByIndex.size() + openCalls.size();
    }
}
