package io.modelproxy.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers as the real APIs send them, for fake providers that must answer dynamically (a text, a tool
 * call, given usage), whole or streamed. Chat follows the recorded OpenAI exchanges (field order,
 * {@code service_tier}, {@code obfuscation}, the usage chunk with empty {@code choices}); Anthropic
 * and Responses follow the reference event sequences of TRANSLATION.md §3.1. Text is streamed in
 * several deltas and tool arguments in several fragments, as the APIs do.
 */
public final class WireAnswers {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long CREATED = 1755137933L;

    private WireAnswers() {}

    /** A tool call the model makes; {@code arguments} is JSON text. */
    public record ToolCall(String id, String name, String arguments) {}

    /** What the model says: text, a tool call, or both (text first). */
    public record Reply(String text, ToolCall call) {
        public static Reply text(String text) {
            return new Reply(text, null);
        }

        public static Reply toolCall(String id, String name, String arguments) {
            return new Reply(null, new ToolCall(id, name, arguments));
        }
    }

    /** Chat usage: the prompt total includes the cached tokens. */
    public record ChatUsage(long prompt, long cached, long completion) {}

    /** Anthropic usage: input excludes cache reads and writes. */
    public record AnthropicUsage(long input, long cacheRead, long cacheCreation, long output) {}

    /** Responses usage: input includes the cached tokens. */
    public record ResponsesUsage(long input, long cached, long output) {}

    // ---------------------------------------------------------------- OpenAI Chat Completions

    public static String chatJson(String model, Reply reply, ChatUsage usage) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("finish_reason", reply.call() != null ? "tool_calls" : "stop").put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.putArray("annotations");
        if (reply.text() == null) {
            message.putNull("content");
        } else {
            message.put("content", reply.text());
        }
        message.putNull("refusal").put("role", "assistant");
        if (reply.call() != null) {
            ObjectNode call = message.putArray("tool_calls").addObject();
            call.putObject("function").put("arguments", reply.call().arguments()).put("name", reply.call().name());
            call.put("id", reply.call().id()).put("type", "function");
        }
        root.put("created", CREATED).put("id", "chatcmpl-C4GmWI2Sl7HnrQsKorSAZkJy94dpT").put("model", model)
                .put("object", "chat.completion").put("service_tier", "default").putNull("system_fingerprint");
        root.set("usage", chatUsage(usage));
        return root.toString();
    }

    /** A Chat stream; the usage chunk only when the request asked for it, as OpenAI does. */
    public static String chatSse(String model, Reply reply, ChatUsage usage, boolean includeUsage) {
        StringBuilder sse = new StringBuilder();
        ObjectNode role = JSON.createObjectNode().put("role", "assistant").put("content", "").putNull("refusal");
        sse.append(chatChunk(model, role, null, includeUsage));
        if (reply.text() != null) {
            for (String piece : pieces(reply.text())) {
                sse.append(chatChunk(model, JSON.createObjectNode().put("content", piece), null, includeUsage));
            }
        }
        if (reply.call() != null) {
            ObjectNode start = JSON.createObjectNode();
            ObjectNode call = start.putArray("tool_calls").addObject().put("index", 0).put("id", reply.call().id())
                    .put("type", "function");
            call.putObject("function").put("name", reply.call().name()).put("arguments", "");
            sse.append(chatChunk(model, start, null, includeUsage));
            for (String fragment : pieces(reply.call().arguments())) {
                ObjectNode delta = JSON.createObjectNode();
                delta.putArray("tool_calls").addObject().put("index", 0).putObject("function").put("arguments", fragment);
                sse.append(chatChunk(model, delta, null, includeUsage));
            }
        }
        sse.append(chatChunk(model, JSON.createObjectNode(), reply.call() != null ? "tool_calls" : "stop", includeUsage));
        if (includeUsage) {
            ObjectNode last = chatEnvelope(model);
            last.putArray("choices");
            last.set("usage", chatUsage(usage));
            last.put("obfuscation", "t9");
            sse.append("data: ").append(last).append("\n\n");
        }
        return sse.append("data: [DONE]\n\n").toString();
    }

    private static String chatChunk(String model, ObjectNode delta, String finishReason, boolean usageField) {
        ObjectNode chunk = chatEnvelope(model);
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        if (usageField) {
            chunk.putNull("usage");
        }
        chunk.put("obfuscation", "nX");
        return "data: " + chunk + "\n\n";
    }

    private static ObjectNode chatEnvelope(String model) {
        return JSON.createObjectNode().put("id", "chatcmpl-C4HqHBe4xca0k0EzsCnf1t6V3YFXp").put("object", "chat.completion.chunk")
                .put("created", CREATED).put("model", model).put("service_tier", "default").putNull("system_fingerprint");
    }

    private static ObjectNode chatUsage(ChatUsage u) {
        ObjectNode usage = JSON.createObjectNode().put("prompt_tokens", u.prompt()).put("completion_tokens", u.completion())
                .put("total_tokens", u.prompt() + u.completion());
        usage.putObject("prompt_tokens_details").put("cached_tokens", u.cached()).put("audio_tokens", 0);
        usage.putObject("completion_tokens_details").put("reasoning_tokens", 0).put("audio_tokens", 0)
                .put("accepted_prediction_tokens", 0).put("rejected_prediction_tokens", 0);
        return usage;
    }

    // ---------------------------------------------------------------- Anthropic Messages

    public static String anthropicJson(String model, Reply reply, AnthropicUsage usage) {
        ObjectNode root = JSON.createObjectNode().put("id", "msg_01XFDUDYJgAACzvnptvVoYEL").put("type", "message")
                .put("role", "assistant").put("model", model);
        ArrayNode content = root.putArray("content");
        if (reply.text() != null) {
            content.addObject().put("type", "text").put("text", reply.text());
        }
        if (reply.call() != null) {
            ObjectNode use = content.addObject().put("type", "tool_use").put("id", reply.call().id()).put("name", reply.call().name());
            use.set("input", parse(reply.call().arguments()));
        }
        root.put("stop_reason", reply.call() != null ? "tool_use" : "end_turn").putNull("stop_sequence");
        root.set("usage", anthropicUsage(usage, usage.output()));
        return root.toString();
    }

    public static String anthropicSse(String model, Reply reply, AnthropicUsage usage) {
        StringBuilder sse = new StringBuilder();
        ObjectNode message = JSON.createObjectNode().put("id", "msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY").put("type", "message")
                .put("role", "assistant");
        message.putArray("content");
        message.put("model", model).putNull("stop_reason").putNull("stop_sequence");
        message.set("usage", anthropicUsage(usage, 1));
        ObjectNode start = JSON.createObjectNode().put("type", "message_start");
        start.set("message", message);
        sse.append(event(start));
        int index = 0;
        if (reply.text() != null) {
            ObjectNode block = JSON.createObjectNode().put("type", "content_block_start").put("index", index);
            block.putObject("content_block").put("type", "text").put("text", "");
            sse.append(event(block));
            sse.append(event(JSON.createObjectNode().put("type", "ping")));
            for (String piece : pieces(reply.text())) {
                ObjectNode delta = JSON.createObjectNode().put("type", "content_block_delta").put("index", index);
                delta.putObject("delta").put("type", "text_delta").put("text", piece);
                sse.append(event(delta));
            }
            sse.append(event(JSON.createObjectNode().put("type", "content_block_stop").put("index", index++)));
        }
        if (reply.call() != null) {
            ObjectNode block = JSON.createObjectNode().put("type", "content_block_start").put("index", index);
            block.putObject("content_block").put("type", "tool_use").put("id", reply.call().id()).put("name", reply.call().name())
                    .putObject("input");
            sse.append(event(block));
            List<String> fragments = new ArrayList<>();
            fragments.add("");
            fragments.addAll(pieces(reply.call().arguments()));
            for (String fragment : fragments) {
                ObjectNode delta = JSON.createObjectNode().put("type", "content_block_delta").put("index", index);
                delta.putObject("delta").put("type", "input_json_delta").put("partial_json", fragment);
                sse.append(event(delta));
            }
            sse.append(event(JSON.createObjectNode().put("type", "content_block_stop").put("index", index)));
        }
        ObjectNode delta = JSON.createObjectNode().put("type", "message_delta");
        delta.putObject("delta").put("stop_reason", reply.call() != null ? "tool_use" : "end_turn").putNull("stop_sequence");
        delta.putObject("usage").put("output_tokens", usage.output());
        sse.append(event(delta));
        return sse.append(event(JSON.createObjectNode().put("type", "message_stop"))).toString();
    }

    private static ObjectNode anthropicUsage(AnthropicUsage u, long output) {
        return JSON.createObjectNode().put("input_tokens", u.input()).put("cache_creation_input_tokens", u.cacheCreation())
                .put("cache_read_input_tokens", u.cacheRead()).put("output_tokens", output);
    }

    // ---------------------------------------------------------------- OpenAI Responses

    public static String responsesJson(String model, Reply reply, ResponsesUsage usage) {
        return response(model, "completed", output(reply), usage).toString();
    }

    public static String responsesSse(String model, Reply reply, ResponsesUsage usage) {
        StringBuilder sse = new StringBuilder();
        int[] seq = {0};
        ObjectNode created = JSON.createObjectNode().put("type", "response.created");
        created.set("response", response(model, "in_progress", JSON.createArrayNode(), null));
        sse.append(numbered(created, seq));
        ObjectNode inProgress = JSON.createObjectNode().put("type", "response.in_progress");
        inProgress.set("response", response(model, "in_progress", JSON.createArrayNode(), null));
        sse.append(numbered(inProgress, seq));
        ArrayNode items = output(reply);
        for (int i = 0; i < items.size(); i++) {
            ObjectNode item = (ObjectNode) items.get(i);
            ObjectNode pending = item.deepCopy().put("status", "in_progress");
            String id = item.get("id").asText();
            if ("message".equals(item.get("type").asText())) {
                pending.putArray("content");
                sse.append(numbered(itemEvent("response.output_item.added", i, pending), seq));
                ObjectNode part = itemPart("response.content_part.added", id, i);
                part.putObject("part").put("type", "output_text").put("text", "").putArray("annotations");
                sse.append(numbered(part, seq));
                for (String piece : pieces(reply.text())) {
                    ObjectNode delta = itemPart("response.output_text.delta", id, i).put("delta", piece);
                    delta.putArray("logprobs");
                    sse.append(numbered(delta.put("obfuscation", "abc"), seq));
                }
                ObjectNode textDone = itemPart("response.output_text.done", id, i).put("text", reply.text());
                textDone.putArray("logprobs");
                sse.append(numbered(textDone, seq));
                ObjectNode partDone = itemPart("response.content_part.done", id, i);
                partDone.set("part", item.get("content").get(0));
                sse.append(numbered(partDone, seq));
            } else {
                pending.put("arguments", "");
                sse.append(numbered(itemEvent("response.output_item.added", i, pending), seq));
                for (String fragment : pieces(reply.call().arguments())) {
                    sse.append(numbered(JSON.createObjectNode().put("type", "response.function_call_arguments.delta")
                            .put("item_id", id).put("output_index", i).put("delta", fragment).put("obfuscation", "x"), seq));
                }
                sse.append(numbered(JSON.createObjectNode().put("type", "response.function_call_arguments.done")
                        .put("item_id", id).put("output_index", i).put("arguments", reply.call().arguments()), seq));
            }
            sse.append(numbered(itemEvent("response.output_item.done", i, item), seq));
        }
        ObjectNode completed = JSON.createObjectNode().put("type", "response.completed");
        completed.set("response", response(model, "completed", items, usage));
        return sse.append(numbered(completed, seq)).toString();
    }

    private static ArrayNode output(Reply reply) {
        ArrayNode output = JSON.createArrayNode();
        if (reply.text() != null) {
            ObjectNode message = output.addObject().put("id", "msg_68a1f2c3d4e6").put("type", "message").put("status", "completed")
                    .put("role", "assistant");
            ObjectNode text = message.putArray("content").addObject().put("type", "output_text").put("text", reply.text());
            text.putArray("annotations");
            text.putArray("logprobs");
        }
        if (reply.call() != null) {
            output.addObject().put("id", "fc_68a1f2c3d4e7").put("type", "function_call").put("status", "completed")
                    .put("arguments", reply.call().arguments()).put("call_id", reply.call().id()).put("name", reply.call().name());
        }
        return output;
    }

    private static ObjectNode response(String model, String status, ArrayNode output, ResponsesUsage usage) {
        ObjectNode r = JSON.createObjectNode().put("id", "resp_68a1f2c3d4e5").put("object", "response").put("created_at", CREATED)
                .put("status", status).put("background", false).putNull("error").putNull("incomplete_details")
                .putNull("instructions").putNull("max_output_tokens").put("model", model);
        r.set("output", output);
        r.put("parallel_tool_calls", true).putNull("previous_response_id");
        r.putObject("reasoning").put("effort", "minimal").putNull("summary");
        r.put("store", false).put("temperature", 1.0);
        r.putObject("text").put("verbosity", "medium").putObject("format").put("type", "text");
        r.put("tool_choice", "auto");
        r.putArray("tools");
        r.put("top_p", 1.0).put("truncation", "disabled");
        if (usage == null) {
            r.putNull("usage");
        } else {
            ObjectNode u = r.putObject("usage").put("input_tokens", usage.input());
            u.putObject("input_tokens_details").put("cached_tokens", usage.cached());
            u.put("output_tokens", usage.output());
            u.putObject("output_tokens_details").put("reasoning_tokens", 0);
            u.put("total_tokens", usage.input() + usage.output());
        }
        r.putNull("user");
        r.putObject("metadata");
        return r;
    }

    private static ObjectNode itemEvent(String type, int index, ObjectNode item) {
        ObjectNode e = JSON.createObjectNode().put("type", type).put("output_index", index);
        e.set("item", item);
        return e;
    }

    private static ObjectNode itemPart(String type, String itemId, int index) {
        return JSON.createObjectNode().put("type", type).put("item_id", itemId).put("output_index", index).put("content_index", 0);
    }

    private static String numbered(ObjectNode event, int[] seq) {
        ObjectNode withSeq = JSON.createObjectNode().put("type", event.get("type").asText()).put("sequence_number", seq[0]++);
        event.properties().forEach(e -> {
            if (!"type".equals(e.getKey())) {
                withSeq.set(e.getKey(), e.getValue());
            }
        });
        return event(withSeq);
    }

    // ---------------------------------------------------------------- shared

    /** An SSE frame named after the data's {@code type}, as Anthropic and Responses send them. */
    private static String event(ObjectNode data) {
        return "event: " + data.get("type").asText() + "\ndata: " + data + "\n\n";
    }

    /** The text in about three pieces, as a model streams it. */
    static List<String> pieces(String text) {
        List<String> out = new ArrayList<>();
        int step = Math.max(1, (text.length() + 2) / 3);
        for (int i = 0; i < text.length(); i += step) {
            out.add(text.substring(i, Math.min(text.length(), i + step)));
        }
        return out;
    }

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
