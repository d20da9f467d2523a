package io.modelproxy.dialect.responses;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResponsesDeltaTest {
    private final ResponsesDelta event = new ResponsesDelta();

    private boolean read(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return event.read(bytes, 0, bytes.length);
    }

    @Test
    void readsTypeItemAndDeltaWithEscapesAndSkipsTheRest() {
        assertThat(read("{\"type\":\"response.output_text.delta\",\"sequence_number\":4,\"item_id\":\"msg_1\",\"output_index\":0,"
                + "\"content_index\":0,\"delta\":\"l\\u00e9a \\\"q\\\"\",\"logprobs\":[{\"token\":\"x\",\"delta\":\"no\"}]}")).isTrue();
        assertThat(event.type).isEqualTo("response.output_text.delta");
        assertThat(event.itemId).isEqualTo("msg_1");
        assertThat(event.delta).isEqualTo("léa \"q\"");
        assertThat(ResponsesDelta.isDelta(event.type)).isTrue();
    }

    @Test
    void nothingOfTheLastEventRemainsAndUnreadableEventsAreToldApart() {
        assertThat(read("{\"type\":\"response.output_text.delta\",\"item_id\":\"m\",\"delta\":\"a\"}")).isTrue();
        assertThat(read("{\"type\":\"response.output_item.done\",\"item\":{\"id\":\"m\"}}")).isTrue();
        assertThat(event.itemId).isNull();
        assertThat(event.delta).isNull();
        assertThat(ResponsesDelta.isDelta(event.type)).isFalse();
        assertThat(read("[DONE]")).isFalse();
        assertThat(read("{\"type\":\"response.output_text.delta\",\"delta\":\"cut")).isFalse();
    }
}
