package io.modelproxy.translate;

import io.modelproxy.dialect.Dialects;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.api.Dialect;
import io.modelproxy.dialect.responses.ResponsesCodec;
import io.modelproxy.sse.SseEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Streams translate in constant memory: 100,000 generated upstream chunks go through a translator
 * while a probe checks, after every chunk, that what it holds stays under a bound independent of the
 * stream's length. Fails if a stage buffers the answer (text, finished tool calls, events).
 */
class StreamFootprintTest {
    private static final int CHUNKS = 100_000;
    private static final UpstreamTarget TARGET = new UpstreamTarget("client-model", "upstream-model", 4096, null);

    @Test
    void chatUpstreamToAnthropicClientHoldsOnlyOpenToolCalls() {
        StreamPipeline pipeline = pipeline(Dialect.AnthropicMessages, Dialect.OpenAIChat);
        Tally tally = new Tally();
        int chunk = 0;
        tally.add(pipeline.onEvent(chat("{\"role\":\"assistant\",\"content\":\"\"}", null)));
        // Text and reasoning, switching kind every 1,000 chunks: nothing may be held.
        for (; chunk < 60_000; chunk++) {
            String delta = (chunk / 1000) % 2 == 0 ? "{\"content\":\"word \"}" : "{\"reasoning_content\":\"hmm \"}";
            tally.add(pipeline.onEvent(chat(delta, null)));
            assertThat(pipeline.footprint()).as("after chunk %d", chunk).isZero();
        }
        // Sequential calls on index 0 with new ids (Gemini): each new id closes the previous call.
        for (int call = 0; chunk < CHUNKS - 20; chunk++) {
            if ((chunk - 60_000) % 100 == 0) {
                tally.add(pipeline.onEvent(chat(toolStart(0, "call_" + call++, "step"), null)));
            } else {
                tally.add(pipeline.onEvent(chat(toolArgs(0, "{}"), null)));
            }
            assertThat(pipeline.footprint()).as("after chunk %d", chunk).isLessThanOrEqualTo(3);
        }
        // Two parallel calls with interleaved fragments: the second waits, buffered, for the first.
        tally.add(pipeline.onEvent(chat(toolStart(1, "call_p1", "a"), null)));
        tally.add(pipeline.onEvent(chat(toolStart(2, "call_p2", "b"), null)));
        for (int i = 0; i < 18; i++) {
            tally.add(pipeline.onEvent(chat(toolArgs(1 + i % 2, "xxxxx"), null)));
            // both wait behind the last sequential call, 9 fragments of 5 characters each
            assertThat(pipeline.footprint()).as("interleaved %d", i).isLessThanOrEqualTo(2 * 5 * 9 + 12);
        }
        tally.add(pipeline.onEvent(chat("{}", "tool_calls")));
        tally.add(pipeline.onEvent(SseEvent.data("{\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":9}}")));
        tally.add(pipeline.onEvent(SseEvent.data("[DONE]")));
        tally.add(pipeline.onComplete());

        assertThat(pipeline.footprint()).isZero();
        assertThat(tally.last).isEqualTo("message_stop");
        assertThat(tally.count("content_block_start")).isEqualTo(60 + 400 + 2);
        assertThat(tally.count("content_block_start")).isEqualTo(tally.count("content_block_stop"));
    }

    @Test
    void anthropicUpstreamToResponsesClientHoldsOpenItemsAndABoundedOutput() {
        StreamPipeline pipeline = pipeline(Dialect.OpenAIResponses, Dialect.AnthropicMessages);
        Tally tally = new Tally();
        int bound = ResponsesCodec.RETAINED_OUTPUT_CHARS + 10_000;
        tally.add(pipeline.onEvent(anthropic("{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}")));
        int index = 0;
        int chunk = 0;
        while (chunk < CHUNKS) {
            // Blocks of 500 deltas: text, thinking (signed), tool call, in turn; 16 characters per delta.
            int kind = index % 3;
            String start = switch (kind) {
                case 0 -> "{\"type\":\"text\",\"text\":\"\"}";
                case 1 -> "{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}";
                default -> "{\"type\":\"tool_use\",\"id\":\"toolu_" + index + "\",\"name\":\"t\",\"input\":{}}";
            };
            tally.add(pipeline.onEvent(anthropic("{\"type\":\"content_block_start\",\"index\":" + index + ",\"content_block\":" + start + "}")));
            for (int i = 0; i < 500 && chunk < CHUNKS; i++, chunk++) {
                String delta = switch (kind) {
                    case 0 -> "{\"type\":\"text_delta\",\"text\":\"0123456789abcdef\"}";
                    case 1 -> "{\"type\":\"thinking_delta\",\"thinking\":\"0123456789abcdef\"}";
                    default -> "{\"type\":\"input_json_delta\",\"partial_json\":\"0123456789abcdef\"}";
                };
                tally.add(pipeline.onEvent(anthropic("{\"type\":\"content_block_delta\",\"index\":" + index + ",\"delta\":" + delta + "}")));
                assertThat(pipeline.footprint()).as("after chunk %d", chunk).isLessThanOrEqualTo(bound);
            }
            if (kind == 1) {
                tally.add(pipeline.onEvent(anthropic("{\"type\":\"content_block_delta\",\"index\":" + index
                        + ",\"delta\":{\"type\":\"signature_delta\",\"signature\":\"sig\"}}")));
            }
            tally.add(pipeline.onEvent(anthropic("{\"type\":\"content_block_stop\",\"index\":" + index + "}")));
            index++;
        }
        tally.add(pipeline.onEvent(anthropic("{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},\"usage\":{\"output_tokens\":99}}")));
        tally.add(pipeline.onEvent(anthropic("{\"type\":\"message_stop\"}")));

        assertThat(tally.last).isEqualTo("response.completed");
        assertThat(tally.count("response.output_item.done")).isEqualTo(index);
        // 1.6 million characters went out; the repeat in response.completed was given up past the bound.
        JsonNode completed = Json.parse(tally.lastData).get("response");
        assertThat(completed.get("output")).isEmpty();
        assertThat(completed.get("usage").get("total_tokens").asLong()).isEqualTo(104);
    }

    private static StreamPipeline pipeline(Dialect client, Dialect upstream) {
        ExchangeTranslator exchange = new Dialects(IdSource.sequential(0)).between(client, upstream);
        return (StreamPipeline) exchange.stream(TARGET);
    }

    private static SseEvent chat(String delta, String finish) {
        return SseEvent.data("{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":" + delta
                + ",\"finish_reason\":" + (finish == null ? "null" : "\"" + finish + "\"") + "}]}");
    }

    private static String toolStart(int index, String id, String name) {
        return "{\"tool_calls\":[{\"index\":" + index + ",\"id\":\"" + id + "\",\"type\":\"function\",\"function\":{\"name\":\""
                + name + "\",\"arguments\":\"\"}}]}";
    }

    private static String toolArgs(int index, String fragment) {
        return "{\"tool_calls\":[{\"index\":" + index + ",\"function\":{\"arguments\":\"" + fragment + "\"}}]}";
    }

    private static SseEvent anthropic(String data) {
        ObjectNode parsed = (ObjectNode) Json.parse(data);
        return new SseEvent(parsed.get("type").asText(), data);
    }

    /** Counts client events by name without keeping them; checks Responses sequence numbers on the way. */
    private static final class Tally {
        private final Map<String, Integer> counts = new HashMap<>();
        private long sequence = -1;
        String last;
        String lastData;

        void add(List<SseEvent> events) {
            for (SseEvent e : events) {
                last = e.event() != null ? e.event() : Json.parse(e.data()) instanceof ObjectNode o && o.has("type") ? o.get("type").asText() : e.data();
                lastData = e.data();
                counts.merge(last, 1, Integer::sum);
                if (last.startsWith("response.")) {
                    long s = Json.parse(e.data()).get("sequence_number").asLong();
                    assertThat(s).isGreaterThan(sequence);
                    sequence = s;
                }
            }
        }

        int count(String name) {
            return counts.getOrDefault(name, 0);
        }
    }
}
