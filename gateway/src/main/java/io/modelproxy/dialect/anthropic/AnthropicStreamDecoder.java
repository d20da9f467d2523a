package io.modelproxy.dialect.anthropic;

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
import io.modelproxy.translate.ThinkingSignature;
import io.modelproxy.translate.Usage;
import java.util.function.Consumer;

/**
 * Reads an Anthropic Messages stream (TRANSLATION.md §3.1). Blocks are sequential, so the state is
 * the one open block; usage is merged because a later message_delta may omit fields (§3.1).
 */
final class AnthropicStreamDecoder implements StreamDecoder {
    private enum Block { NONE, TEXT, THINKING, TOOL, JSON_ANSWER, IGNORED }

    private final TranslationState exchange;
    private final AnthropicDelta delta = new AnthropicDelta();
    private Usage usage = Usage.ZERO;
    private Block open = Block.NONE;
    private int openCall = -1;
    private int nextCall;
    private boolean answeredWithJsonTool;
    private boolean done;

    AnthropicStreamDecoder(TranslationState exchange) {
        this.exchange = exchange;
    }

    @Override
    public void decode(SseFrame frame, Consumer<StreamEvent> sink) {
        FrameEdits.Data json = FrameEdits.data(frame);
        if (done || !delta.read(json.bytes(), json.from(), json.to())) {
            return; // unparseable frames are skipped, as Anthropic's own SDKs do
        }
        String type = delta.type != null ? delta.type : frame.name() == null ? "" : frame.name();
        if (type.equals("content_block_delta")) {
            blockDelta(sink); // most of a stream: read without a tree
            return;
        }
        if (!(Json.parse(json.bytes(), json.from(), json.to()) instanceof ObjectNode data)) {
            return;
        }
        switch (type) {
            case "message_start" -> {
                usage = AnthropicResponses.usage(Json.obj(Json.obj(data, "message"), "usage"), Usage.ZERO);
                sink.accept(new StreamEvent.Started(usage));
            }
            case "content_block_start" -> blockStart(Json.obj(data, "content_block"), sink);
            case "content_block_stop" -> blockStop(sink);
            case "message_delta" -> {
                usage = AnthropicResponses.usage(Json.obj(data, "usage"), usage);
                sink.accept(new StreamEvent.UsageReported(usage));
                ObjectNode stop = Json.obj(data, "delta");
                if (Json.has(stop, "stop_reason")) {
                    StopReason reason = AnthropicResponses.stopReason(Json.text(stop, "stop_reason"));
                    if (answeredWithJsonTool && reason == StopReason.TOOL_USE) {
                        reason = StopReason.END_TURN;
                    }
                    sink.accept(new StreamEvent.Finished(reason, Json.text(stop, "stop_sequence")));
                }
            }
            case "message_stop" -> {
                done = true;
                sink.accept(new StreamEvent.Completed());
            }
            case "error" -> {
                done = true;
                sink.accept(new StreamEvent.Failed(AnthropicErrors.fromEvent(data)));
            }
            default -> { } // ping, and event types newer than this code
        }
    }

    private void blockStart(ObjectNode block, Consumer<StreamEvent> sink) {
        String type = Json.textOr(block, "type", "");
        switch (type) {
            case "text" -> {
                open = Block.TEXT;
                emitText(Json.text(block, "text"), sink);
            }
            case "thinking" -> {
                open = Block.THINKING;
                String text = Json.text(block, "thinking");
                if (text != null && !text.isEmpty()) {
                    sink.accept(new StreamEvent.ThinkingDelta(text));
                }
            }
            case "redacted_thinking" -> {
                open = Block.IGNORED;
                sink.accept(new StreamEvent.RedactedThinking(Json.textOr(block, "data", "")));
            }
            case "tool_use" -> {
                String name = Json.text(block, "name");
                JsonNode input = block.get("input");
                String initial = input instanceof ObjectNode o && !o.isEmpty() ? Json.write(o) : null;
                if (name != null && name.equals(exchange.forcedJsonTool())) {
                    open = Block.JSON_ANSWER;
                    answeredWithJsonTool = true;
                    emitText(initial, sink);
                    return;
                }
                open = Block.TOOL;
                openCall = nextCall++;
                sink.accept(new StreamEvent.ToolCallStarted(openCall,
                        exchange.aliases().clientId(Json.text(block, "id")), exchange.aliases().clientName(name)));
                if (initial != null) {
                    sink.accept(new StreamEvent.ToolArguments(openCall, initial));
                }
            }
            default -> open = Block.IGNORED; // server tool use and results
        }
    }

    private void blockDelta(Consumer<StreamEvent> sink) {
        switch (delta.kind) {
            case "text_delta" -> emitText(delta.text, sink);
            case "thinking_delta" -> {
                if (delta.thinking != null && !delta.thinking.isEmpty()) {
                    sink.accept(new StreamEvent.ThinkingDelta(delta.thinking));
                }
            }
            case "signature_delta" -> {
                if (delta.signature != null && !delta.signature.isEmpty()) {
                    sink.accept(new StreamEvent.ThinkingSigned(ThinkingSignature.anthropic(delta.signature)));
                }
            }
            case "input_json_delta" -> {
                String fragment = delta.partialJson;
                if (fragment == null || fragment.isEmpty()) {
                    return;
                }
                if (open == Block.TOOL) {
                    sink.accept(new StreamEvent.ToolArguments(openCall, fragment));
                } else if (open == Block.JSON_ANSWER) {
                    sink.accept(new StreamEvent.TextDelta(fragment));
                }
            }
            default -> { } // citations and newer delta types
        }
    }

    private void blockStop(Consumer<StreamEvent> sink) {
        switch (open) {
            case TEXT, THINKING, JSON_ANSWER -> sink.accept(new StreamEvent.BlockEnded());
            case TOOL -> sink.accept(new StreamEvent.ToolCallEnded(openCall));
            default -> { }
        }
        open = Block.NONE;
    }

    private static void emitText(String text, Consumer<StreamEvent> sink) {
        if (text != null && !text.isEmpty()) {
            sink.accept(new StreamEvent.TextDelta(text));
        }
    }

    @Override
    public void complete(Consumer<StreamEvent> sink) {
        if (!done) {
            done = true;
            sink.accept(new StreamEvent.Failed(new ApiError(502, "api_error",
                    "upstream stream ended before message_stop", null, null)));
        }
    }

    @Override
    public int footprint() {
        return 0;
    }
}
