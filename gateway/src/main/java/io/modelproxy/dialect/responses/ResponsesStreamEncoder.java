package io.modelproxy.dialect.responses;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.sse.SseEvent;
import io.modelproxy.translate.TranslationState;
import io.modelproxy.translate.Json;
import io.modelproxy.translate.StopReason;
import io.modelproxy.translate.StreamEncoder;
import io.modelproxy.translate.StreamEvent;
import io.modelproxy.translate.ThinkingSignature;
import io.modelproxy.translate.UpstreamTarget;
import io.modelproxy.translate.Usage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an OpenAI Responses stream (TRANSLATION.md §3.5, §3.6): output items with increasing
 * {@code output_index}, every event numbered by {@code sequence_number}, and exactly one of
 * response.completed, response.incomplete or response.failed at the end.
 *
 * <p>The Responses protocol repeats content: each item's done events carry its full text or
 * arguments (Codex builds its history from {@code output_item.done}), and response.completed
 * carries every item again (the SDKs' stream helpers return it as the final response). So this
 * encoder holds the open items' text, which the protocol needs, and the finished items up to
 * {@link ResponsesCodec#RETAINED_OUTPUT_CHARS}; past that, response.completed goes out with an
 * empty output rather than memory growing with the answer.
 */
final class ResponsesStreamEncoder implements StreamEncoder {
    private static final Logger LOG = LoggerFactory.getLogger(ResponsesStreamEncoder.class);

    private static final class OpenItem {
        final String id;
        final int outputIndex;
        final StringBuilder text = new StringBuilder();
        String callId;
        String name;
        boolean freeform;
        boolean partOpen;
        String encrypted;

        OpenItem(String id, int outputIndex) {
            this.id = id;
            this.outputIndex = outputIndex;
        }
    }

    private final UpstreamTarget target;
    private final TranslationState exchange;
    private final Map<Integer, OpenItem> calls = new LinkedHashMap<>();
    private final ArrayNode output = Json.array();
    private int retainedChars;
    private boolean overflowed;
    private OpenItem message;
    private OpenItem reasoning;
    private String responseId;
    private long sequence;
    private final ResponsesDeltaFrames deltas = new ResponsesDeltaFrames();
    private int nextOutputIndex;
    private boolean started;
    private boolean ended;
    private boolean sawToolCall;
    private StopReason reason;
    private Usage usage;

    ResponsesStreamEncoder(UpstreamTarget target, TranslationState exchange) {
        this.target = target;
        this.exchange = exchange;
    }

    @Override
    public void encode(StreamEvent event, List<SseEvent> out) {
        if (ended) {
            return;
        }
        if (!started) {
            // Even a failure comes after response.created: the SDKs' stream helpers require it first.
            started = true;
            responseId = exchange.ids().newId("resp_");
            emit(Json.object().put("type", "response.created").set("response", response("in_progress", null, null)), out);
            emit(Json.object().put("type", "response.in_progress").set("response", response("in_progress", null, null)), out);
        }
        switch (event) {
            case StreamEvent.TextDelta t -> text(t.text(), out);
            case StreamEvent.ThinkingDelta t -> thinking(t.text(), out);
            case StreamEvent.ThinkingSigned s -> {
                if (reasoning == null) {
                    closeMessage(out);
                    openReasoning(out);
                }
                reasoning.encrypted = s.signature().forResponsesClient();
            }
            case StreamEvent.RedactedThinking r -> {
                closeMessage(out);
                closeReasoning(out);
                openReasoning(out);
                reasoning.encrypted = ThinkingSignature.redactedForResponsesClient(r.data());
                closeReasoning(out);
            }
            case StreamEvent.BlockEnded b -> {
                closeMessage(out);
                closeReasoning(out);
            }
            case StreamEvent.ToolCallStarted c -> startCall(c, out);
            case StreamEvent.ToolArguments a -> {
                OpenItem call = calls.get(a.call());
                if (call != null) {
                    call.text.append(a.fragment());
                    if (!call.freeform) {
                        out.add(deltas.arguments(call.id, call.outputIndex, a.fragment(), sequence++));
                    }
                }
            }
            case StreamEvent.ToolCallEnded c -> closeCall(calls.remove(c.call()), out);
            case StreamEvent.Finished f -> reason = f.reason();
            case StreamEvent.UsageReported u -> usage = u.usage();
            case StreamEvent.Completed c -> complete(out);
            case StreamEvent.Failed f -> {
                ended = true;
                emit(Json.object().put("type", "response.failed")
                        .set("response", response("failed", null, ResponsesObjects.error(f.error()))), out);
            }
            case StreamEvent.Started s -> { }
        }
    }

    private void text(String text, List<SseEvent> out) {
        if (text.isEmpty()) {
            return;
        }
        closeReasoning(out);
        if (message == null) {
            message = new OpenItem(exchange.ids().newId("msg_"), nextOutputIndex++);
            emit(added(message, ResponsesObjects.message(message.id, "in_progress", null)), out);
            ObjectNode part = itemEvent("response.content_part.added", message).put("content_index", 0);
            part.set("part", ResponsesObjects.outputText(""));
            emit(part, out);
        }
        message.text.append(text);
        out.add(deltas.outputText(message.id, message.outputIndex, text, sequence++));
    }

    private void thinking(String text, List<SseEvent> out) {
        if (text.isEmpty()) {
            return;
        }
        closeMessage(out);
        if (reasoning == null) {
            openReasoning(out);
        }
        if (!reasoning.partOpen) {
            reasoning.partOpen = true;
            ObjectNode part = itemEvent("response.reasoning_summary_part.added", reasoning).put("summary_index", 0);
            part.putObject("part").put("type", "summary_text").put("text", "");
            emit(part, out);
        }
        reasoning.text.append(text);
        out.add(deltas.summaryText(reasoning.id, reasoning.outputIndex, text, sequence++));
    }

    private void openReasoning(List<SseEvent> out) {
        reasoning = new OpenItem(exchange.ids().newId("rs_"), nextOutputIndex++);
        emit(added(reasoning, ResponsesObjects.reasoning(reasoning.id, null, null)), out);
    }

    private void startCall(StreamEvent.ToolCallStarted c, List<SseEvent> out) {
        closeMessage(out);
        closeReasoning(out);
        sawToolCall = true;
        boolean freeform = exchange.isFreeform(c.name());
        OpenItem call = new OpenItem(exchange.ids().newId(freeform ? "ctc_" : "fc_"), nextOutputIndex++);
        call.callId = c.id() == null ? exchange.ids().newId("call_") : c.id();
        call.name = c.name();
        call.freeform = freeform;
        calls.put(c.call(), call);
        emit(added(call, freeform
                ? ResponsesObjects.customToolCall(call.id, "in_progress", call.callId, call.name, "")
                : ResponsesObjects.functionCall(call.id, "in_progress", call.callId, call.name, "")), out);
    }

    private void closeMessage(List<SseEvent> out) {
        if (message == null) {
            return;
        }
        String text = message.text.toString();
        emit(itemEvent("response.output_text.done", message).put("content_index", 0).put("text", text).set("logprobs", Json.array()), out);
        ObjectNode part = itemEvent("response.content_part.done", message).put("content_index", 0);
        part.set("part", ResponsesObjects.outputText(text));
        emit(part, out);
        done(message, ResponsesObjects.message(message.id, "completed", text), text.length(), out);
        message = null;
    }

    private void closeReasoning(List<SseEvent> out) {
        if (reasoning == null) {
            return;
        }
        String text = reasoning.text.toString();
        if (reasoning.partOpen) {
            emit(itemEvent("response.reasoning_summary_text.done", reasoning).put("summary_index", 0).put("text", text), out);
            ObjectNode part = itemEvent("response.reasoning_summary_part.done", reasoning).put("summary_index", 0);
            part.putObject("part").put("type", "summary_text").put("text", text);
            emit(part, out);
        }
        int size = text.length() + (reasoning.encrypted == null ? 0 : reasoning.encrypted.length());
        done(reasoning, ResponsesObjects.reasoning(reasoning.id, text, reasoning.encrypted), size, out);
        reasoning = null;
    }

    private void closeCall(OpenItem call, List<SseEvent> out) {
        if (call == null) {
            return;
        }
        String arguments = call.text.isEmpty() ? "{}" : call.text.toString();
        ObjectNode item;
        if (call.freeform) {
            String input = ResponsesObjects.freeformInput(arguments);
            emit(itemEvent("response.custom_tool_call_input.done", call).put("input", input), out);
            item = ResponsesObjects.customToolCall(call.id, "completed", call.callId, call.name, input);
        } else {
            emit(itemEvent("response.function_call_arguments.done", call).put("arguments", arguments), out);
            item = ResponsesObjects.functionCall(call.id, "completed", call.callId, call.name, arguments);
        }
        done(call, item, arguments.length(), out);
    }

    private void complete(List<SseEvent> out) {
        closeMessage(out);
        closeReasoning(out);
        for (OpenItem call : List.copyOf(calls.values())) {
            closeCall(call, out);
        }
        calls.clear();
        ended = true;
        StopReason stop = (reason == null ? StopReason.END_TURN : reason).reconcile(sawToolCall);
        String status = ResponsesObjects.status(stop);
        emit(Json.object().put("type", "completed".equals(status) ? "response.completed" : "response.incomplete")
                .set("response", response(status, stop, null)), out);
    }

    /** The response object; {@code stop} is null until the response finished. */
    private ObjectNode response(String status, StopReason stop, ObjectNode error) {
        boolean finished = stop != null;
        return ResponsesObjects.response(responseId, exchange, target.clientModel(), status,
                finished ? ResponsesObjects.incompleteDetails(stop) : null, error,
                finished && !overflowed ? output : Json.array(),
                finished ? (usage != null ? usage : Usage.ZERO) : null);
    }

    /** output_item.done, and the item kept for response.completed while the budget allows. */
    private void done(OpenItem open, ObjectNode item, int size, List<SseEvent> out) {
        ObjectNode event = Json.object().put("type", "response.output_item.done").put("output_index", open.outputIndex);
        event.set("item", item);
        emit(event, out);
        if (overflowed) {
            return;
        }
        if (retainedChars + size > ResponsesCodec.RETAINED_OUTPUT_CHARS) {
            overflowed = true;
            output.removeAll();
            retainedChars = 0;
            LOG.warn("response {} exceeds {} characters: response.completed will carry no output items", responseId, ResponsesCodec.RETAINED_OUTPUT_CHARS);
        } else {
            retainedChars += size;
            output.add(item);
        }
    }

    private static ObjectNode added(OpenItem open, ObjectNode item) {
        ObjectNode event = Json.object().put("type", "response.output_item.added").put("output_index", open.outputIndex);
        event.set("item", item);
        return event;
    }

    private static ObjectNode itemEvent(String type, OpenItem item) {
        return Json.object().put("type", type).put("item_id", item.id).put("output_index", item.outputIndex);
    }

    private void emit(ObjectNode event, List<SseEvent> out) {
        event.put("sequence_number", sequence++);
        out.add(new SseEvent(event.get("type").asText(), Json.write(event)));
    }

    @Override
    public int footprint() {
        int held = retainedChars + calls.size();
        for (OpenItem call : calls.values()) {
            held += call.text.length();
        }
        if (message != null) {
            held += message.text.length();
        }
        if (reasoning != null) {
            held += reasoning.text.length();
        }
        return held;
    }
}
