package io.modelproxy.dialect.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChatChunkTest {
    private final ChatChunk chunk = new ChatChunk();

    private boolean read(String json) {
        byte[] bytes = ("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
        return chunk.read(bytes, 6, bytes.length - 2);
    }

    @Test
    void readsTheFirstChoiceOnlyWithTheLastValueOfARepeatedKey() {
        assertThat(read("{\"id\":\"x\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\\nb\",\"content\":\"é\\\"\"},"
                + "\"logprobs\":{\"content\":[{\"token\":\"t\"}]},\"finish_reason\":\"stop\"},"
                + "{\"index\":1,\"delta\":{\"content\":\"other choice\"},\"finish_reason\":\"length\"}],\"usage\":null}")).isTrue();
        assertThat(chunk.choice).isTrue();
        assertThat(chunk.content).isEqualTo("é\"");
        assertThat(chunk.finishReason).isEqualTo("stop");
        assertThat(chunk.usage).isNull();
        assertThat(chunk.error).isFalse();
    }

    @Test
    void readsToolCallsReasoningAndUsage() {
        assertThat(read("{\"choices\":[{\"delta\":{\"reasoning\":\"r\",\"reasoning_content\":\"rc\",\"refusal\":null,"
                + "\"tool_calls\":[{\"index\":\"2\",\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\":1}\"}},"
                + "\"odd\",{\"function\":{\"arguments\":\"x\"}}]}}],"
                + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4}}")).isTrue();
        assertThat(chunk.reasoning).isEqualTo("r");
        assertThat(chunk.reasoningContent).isEqualTo("rc");
        assertThat(chunk.refusal).isNull();
        assertThat(chunk.calls).containsExactly(new ChatChunk.CallDelta(2, "call_1", "f", "{\"a\":1}"),
                new ChatChunk.CallDelta(null, null, null, null), new ChatChunk.CallDelta(null, null, null, "x"));
        assertThat(chunk.usage.get("completion_tokens").asInt()).isEqualTo(4);
    }

    @Test
    void anErrorOrAnUnreadableChunkIsToldAndNothingOfAnEarlierChunkRemains() {
        assertThat(read("{\"choices\":[{\"delta\":{\"content\":\"a\"}}]}")).isTrue();
        assertThat(read("{\"error\":{\"message\":\"boom\"}}")).isTrue();
        assertThat(chunk.error).isTrue();
        assertThat(chunk.choice).isFalse();
        assertThat(chunk.content).isNull();
        assertThat(read("{\"choices\":[{\"delta\":{\"content\":\"cut")).isFalse();
        assertThat(read("[]")).isFalse();
        assertThat(read("{\"choices\":null,\"error\":null}")).isTrue();
        assertThat(chunk.choice).isFalse();
        assertThat(chunk.error).isFalse();
    }
}
