package io.modelproxy.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UsageMeterTest {
    private static long read(String... chunks) {
        UsageMeter meter = new UsageMeter();
        for (String chunk : chunks) {
            meter.feed(chunk.getBytes(StandardCharsets.UTF_8));
        }
        return meter.used();
    }

    @Test
    void readsEachDialectsUsage() {
        assertThat(read("{\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":30,\"total_tokens\":42}}")).isEqualTo(42);
        assertThat(read("{\"usage\":{\"input_tokens\":5,\"output_tokens\":7,\"total_tokens\":12}}")).isEqualTo(12);
        // Anthropic's stream: message_start, then message_delta with the final output count
        assertThat(read("event: message_start\ndata: {\"message\":{\"usage\":{\"input_tokens\":100,\"output_tokens\":1}}}\n\n",
                "event: message_delta\ndata: {\"usage\":{\"output_tokens\":250}}\n\n")).isEqualTo(350);
    }

    @Test
    void aFieldCutAcrossTwoChunksIsFound() {
        assertThat(read("data: {\"usage\":{\"prompt_tok", "ens\":9,\"completion_tokens\":1", "}}")).isEqualTo(10);
    }

    @Test
    void usageIsFoundWhereverTheChunksAreCutAndAfterChunksWithoutIt() {
        String filler = "data: {\"choices\":[{\"delta\":{\"content\":\"" + "x".repeat(100) + "\"}}]}\n\n";
        String wire = filler + "data: {\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":30}}\n\n" + filler;
        for (int a = 0; a < wire.length(); a += 3) {
            for (int b = a; b <= wire.length(); b += 7) {
                assertThat(read(wire.substring(0, a), wire.substring(a, b), wire.substring(b))).as("cut at %d, %d", a, b).isEqualTo(42);
            }
        }
    }

    @Test
    void fieldsInsideStringsAndCacheCountsDoNotCount() {
        assertThat(read("{\"content\":\"{\\\"input_tokens\\\":999}\"}")).isEqualTo(-1);
        assertThat(read("{\"usage\":{\"input_tokens\":3,\"cache_read_input_tokens\":500,\"output_tokens\":2}}")).isEqualTo(5);
        assertThat(read("data: [DONE]\n\n")).isEqualTo(-1);
    }

    @Test
    void numbersAreReadWholeWithAnySpacingAndOverlongOnesAreIgnored() {
        assertThat(read("{\"usage\":{\"prompt_tokens\" :\n\t 1", "2,\"completion_tokens\":3}}")).isEqualTo(15);
        assertThat(read("{\"usage\":{\"prompt_tokens\":1234567890123,\"completion_tokens\":4}}")).isEqualTo(4);
        assertThat(read("{\"usage\":{\"xprompt_tokens\":7,\"total_tokens\":7}}")).isEqualTo(-1);
    }
}
