package io.modelproxy.dialect.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelproxy.sse.SseEvent;
import io.modelproxy.sse.SseFrame;
import io.modelproxy.translate.StreamSignal;
import org.junit.jupiter.api.Test;

/** Where a Chat stream commits: the first chunk that carries anything but a role (TRANSLATION.md §3.0). */
class ChatWireClassifyTest {
    private final ChatWire wire = new ChatWire();

    private StreamSignal classify(String data) {
        return wire.classify(new SseFrame(SseEvent.data(data).toBytes()));
    }

    @Test
    void roleOnlyAndEmptyChunksArePreamble() {
        assertThat(classify("{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null},"
                + "\"logprobs\":null,\"finish_reason\":null}],\"obfuscation\":\"x\"}")).isEqualTo(StreamSignal.PREAMBLE);
        assertThat(classify("{\"choices\":[{\"delta\":{\"tool_calls\":[ ],\"function_call\":{ }}}]}")).isEqualTo(StreamSignal.PREAMBLE);
        assertThat(classify("{\"choices\":[],\"usage\":null}")).isEqualTo(StreamSignal.PREAMBLE);
        assertThat(classify("{\"choices\":[\"odd\"]}")).isEqualTo(StreamSignal.PREAMBLE);
        assertThat(classify("{}")).isEqualTo(StreamSignal.PREAMBLE);
    }

    @Test
    void contentAFinishReasonOrUsageCommits() {
        assertThat(classify("{\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}")).isEqualTo(StreamSignal.CONTENT);
        assertThat(classify("{\"choices\":[{\"delta\":{\"role\":\"assistant\",\"tool_calls\":[{\"index\":0}]}}]}")).isEqualTo(StreamSignal.CONTENT);
        assertThat(classify("{\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}")).isEqualTo(StreamSignal.CONTENT);
        assertThat(classify("{\"choices\":[{\"delta\":{\"role\":\"assistant\"}},{\"delta\":{\"content\":\"2nd\"}}]}")).isEqualTo(StreamSignal.CONTENT);
        assertThat(classify("{\"choices\":[],\"usage\":{\"prompt_tokens\":1}}")).isEqualTo(StreamSignal.CONTENT);
        assertThat(classify("[DONE]")).isEqualTo(StreamSignal.TERMINAL);
    }

    @Test
    void anErrorMemberFailsTheAttemptAndUnreadableJsonGoesToTheClient() {
        assertThat(classify("{\"choices\":[{\"delta\":{\"content\":\"x\"}}],\"error\":{\"message\":\"overloaded\"}}")).isEqualTo(StreamSignal.ERROR);
        assertThat(classify("{\"error\":null}")).isEqualTo(StreamSignal.ERROR);
        assertThat(classify("{\"choices\":[{\"delta\":{\"role\":\"assistant\"}}]")).isEqualTo(StreamSignal.CONTENT);
        assertThat(classify("not json")).isEqualTo(StreamSignal.CONTENT);
    }
}
