package io.modelproxy.dialect.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.translate.ApiError;
import io.modelproxy.sse.FrameEdits;
import io.modelproxy.sse.SseFrame;
import io.modelproxy.translate.TranslationState;
import io.modelproxy.translate.Json;
import io.modelproxy.translate.StopReason;
import io.modelproxy.translate.StreamDecoder;
import io.modelproxy.translate.StreamEvent;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads an OpenAI Responses stream (TRANSLATION.md §3.4, §3.7). Keeps per open output item only what
 * it needs to fill gaps: whether text was streamed (else the done event's text is emitted) and how
 * many argument characters were streamed (a done event may carry arguments never streamed, case 46).
 */
final class ResponsesStreamDecoder implements StreamDecoder {
    private enum Kind { MESSAGE, REASONING, FUNCTION_CALL }

    private static final class Item {
        final Kind kind;
        final int call;
        boolean streamed;
        int argumentChars;
        int summaryParts;

        Item(Kind kind, int call) {
            this.kind = kind;
            this.call = call;
        }
    }

    private final TranslationState exchange;
    private final ResponsesDelta event = new ResponsesDelta();
    private final Map<String, Item> items = new HashMap<>();
    private int nextCall;
    private boolean started;
    private boolean refused;
    private boolean done;

    ResponsesStreamDecoder(TranslationState exchange) {
        this.exchange = exchange;
    }

    @Override
    public void decode(SseFrame frame, Consumer<StreamEvent> sink) {
        FrameEdits.Data json = FrameEdits.data(frame);
        if (done || !event.read(json.bytes(), json.from(), json.to())) {
            return; // Codex and the SDKs skip unparseable data too (LiteLLM appends [DONE])
        }
        String type = event.type != null ? event.type : frame.name() == null ? "" : frame.name();
        if (!started && !type.equals("error") && !type.equals("response.failed")) {
            started = true;
            sink.accept(new StreamEvent.Started(null));
        }
        Item item = items.get(event.itemId == null ? "" : event.itemId);
        if (ResponsesDelta.isDelta(type)) {
            delta(type, item, event.delta, sink); // most of a stream: read without a tree
            return;
        }
        if (!(Json.parse(json.bytes(), json.from(), json.to()) instanceof ObjectNode data)) {
            return;
        }
        switch (type) {
            case "response.output_item.added" -> added(Json.obj(data, "item"), sink);
            case "response.output_text.done", "response.refusal.done" -> {
                if (item != null && !item.streamed) {
                    refused |= type.equals("response.refusal.done");
                    text(item, Json.text(data, type.equals("response.refusal.done") ? "refusal" : "text"), sink);
                }
            }
            case "response.content_part.done" -> sink.accept(new StreamEvent.BlockEnded());
            case "response.reasoning_summary_part.added" -> {
                // Parts of one reasoning item become one thinking block, separated by a blank line (§1.5).
                if (item != null && item.summaryParts++ > 0 && item.streamed) {
                    sink.accept(new StreamEvent.ThinkingDelta("\n\n"));
                }
            }
            case "response.function_call_arguments.done" -> remainder(item, Json.text(data, "arguments"), sink);
            case "response.output_item.done" -> itemDone(Json.obj(data, "item"), sink);
            case "response.completed", "response.incomplete" -> {
                done = true;
                ObjectNode response = Json.obj(data, "response");
                sink.accept(new StreamEvent.UsageReported(ResponsesResponses.usage(Json.obj(response, "usage"))));
                StopReason reason = type.equals("response.incomplete")
                        ? ResponsesResponses.incompleteReason(Json.text(Json.obj(response, "incomplete_details"), "reason"))
                        : refused ? StopReason.REFUSAL : StopReason.END_TURN;
                sink.accept(new StreamEvent.Finished(reason, null));
                sink.accept(new StreamEvent.Completed());
            }
            case "response.failed" -> {
                done = true;
                sink.accept(new StreamEvent.Failed(ResponsesResponses.failure(
                        Json.obj(Json.obj(data, "response"), "error"), "upstream response failed")));
            }
            case "error" -> {
                done = true;
                ObjectNode error = data.has("error") ? Json.obj(data, "error") : data;
                sink.accept(new StreamEvent.Failed(ResponsesResponses.failure(error, "upstream stream error")));
            }
            default -> { } // created, in_progress, part added, annotations, built-in tool progress …
        }
    }

    /** One of the {@link ResponsesDelta#isDelta} events. */
    private void delta(String type, Item item, String delta, Consumer<StreamEvent> sink) {
        switch (type) {
            case "response.output_text.delta", "response.refusal.delta" -> {
                refused |= type.equals("response.refusal.delta");
                text(item, delta, sink);
            }
            case "response.function_call_arguments.delta" -> {
                if (item != null && item.kind == Kind.FUNCTION_CALL && delta != null && !delta.isEmpty()) {
                    item.argumentChars += delta.length();
                    sink.accept(new StreamEvent.ToolArguments(item.call, delta));
                }
            }
            default -> { // reasoning summary and reasoning text
                if (item != null && delta != null && !delta.isEmpty()) {
                    item.streamed = true;
                    sink.accept(new StreamEvent.ThinkingDelta(delta));
                }
            }
        }
    }

    private void added(ObjectNode item, Consumer<StreamEvent> sink) {
        String id = Json.textOr(item, "id", "");
        switch (Json.textOr(item, "type", "")) {
            case "message" -> items.put(id, new Item(Kind.MESSAGE, -1));
            case "reasoning" -> items.put(id, new Item(Kind.REASONING, -1));
            case "function_call" -> {
                Item call = new Item(Kind.FUNCTION_CALL, nextCall++);
                items.put(id, call);
                sink.accept(new StreamEvent.ToolCallStarted(call.call,
                        exchange.aliases().clientId(Json.text(item, "call_id")), exchange.aliases().clientName(Json.text(item, "name"))));
                remainder(call, Json.text(item, "arguments"), sink);
            }
            default -> { }
        }
    }

    private void itemDone(ObjectNode done, Consumer<StreamEvent> sink) {
        Item item = items.remove(Json.textOr(done, "id", ""));
        if (item == null) {
            return;
        }
        switch (item.kind) {
            case MESSAGE -> {
                if (!item.streamed) {
                    for (JsonNode part : Json.items(done, "content")) {
                        boolean refusal = "refusal".equals(Json.text(part, "type"));
                        refused |= refusal;
                        text(item, Json.text(part, refusal ? "refusal" : "text"), sink);
                    }
                }
                sink.accept(new StreamEvent.BlockEnded());
            }
            case REASONING -> {
                var thinking = ResponsesResponses.reasoning(done);
                if (!item.streamed && !thinking.text().isEmpty()) {
                    sink.accept(new StreamEvent.ThinkingDelta(thinking.text()));
                }
                if (thinking.signature() != null) {
                    sink.accept(new StreamEvent.ThinkingSigned(thinking.signature()));
                }
                sink.accept(new StreamEvent.BlockEnded());
            }
            case FUNCTION_CALL -> {
                remainder(item, Json.text(done, "arguments"), sink);
                sink.accept(new StreamEvent.ToolCallEnded(item.call));
            }
        }
    }

    private static void text(Item item, String text, Consumer<StreamEvent> sink) {
        if (text != null && !text.isEmpty()) {
            if (item != null) {
                item.streamed = true;
            }
            sink.accept(new StreamEvent.TextDelta(text));
        }
    }

    /** Arguments a done event carries beyond what was streamed (LM Studio sends them only there, case 46). */
    private static void remainder(Item item, String arguments, Consumer<StreamEvent> sink) {
        if (item == null || item.kind != Kind.FUNCTION_CALL || arguments == null || arguments.length() <= item.argumentChars) {
            return;
        }
        String rest = arguments.substring(item.argumentChars);
        item.argumentChars = arguments.length();
        sink.accept(new StreamEvent.ToolArguments(item.call, rest));
    }

    @Override
    public void complete(Consumer<StreamEvent> sink) {
        if (!done) {
            done = true;
            sink.accept(new StreamEvent.Failed(new ApiError(502, "api_error",
                    "upstream stream closed before response.completed", null, null)));
        }
    }

    @Override
    public int footprint() {
        return items.size();
    }
}
