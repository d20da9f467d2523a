package io.modelproxy.dialect.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AnthropicDeltaTest {
    private final AnthropicDelta delta = new AnthropicDelta();

    private boolean read(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return delta.read(bytes, 0, bytes.length);
    }

    @Test
    void readsTheDeltasTypeAndStringsWithEscapes() {
        assertThat(read("{\"type\":\"content_block_delta\",\"index\":3,\"delta\":{\"type\":\"input_json_delta\","
                + "\"partial_json\":\"{\\\"path\\\": \\\"a\\\\b\\\"\"}}")).isTrue();
        assertThat(delta.type).isEqualTo("content_block_delta");
        assertThat(delta.kind).isEqualTo("input_json_delta");
        assertThat(delta.partialJson).isEqualTo("{\"path\": \"a\\b\"");
        assertThat(delta.text).isNull();
    }

    @Test
    void nothingOfTheLastEventRemainsAndUnreadableEventsAreToldApart() {
        assertThat(read("{\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}")).isTrue();
        assertThat(read("{\"delta\":{\"text\":42},\"type\":\"content_block_delta\"}")).isTrue();
        assertThat(delta.kind).isEmpty();
        assertThat(delta.text).isNull();
        assertThat(read("{\"type\":\"ping\"}")).isTrue();
        assertThat(delta.type).isEqualTo("ping");
        assertThat(read("{\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\",\"text\":\"cut")).isFalse();
        assertThat(read("")).isFalse();
    }
}
