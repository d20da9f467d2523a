package io.modelproxy.dialect.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelproxy.sse.JsonFields;
import io.modelproxy.sse.SseEvent;
import io.modelproxy.sse.SseFrame;
import io.modelproxy.translate.ClientStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChatPassThroughTest {

    /** A stream cut after its finish chunk only lacks [DONE], however the upstream spaces its JSON. */
    @ParameterizedTest
    @ValueSource(strings = {"{\"model\":\"up\",\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}",
            "{\"model\": \"up\", \"choices\": [{\"delta\": {}, \"finish_reason\": \"stop\"}]}",
            "{ \"model\" : \"up\" , \"choices\" : [ { \"delta\" : { } , \"finish_reason\" :\t\"stop\" } ] }"})
    void aStreamCutAfterItsFinishReasonEndsWithDone(String finish) {
        ClientStream stream = new ChatWire().passThrough("client-model", JsonFields.quoted("client-model"));
        SseEvent event = SseEvent.data(finish);
        String out = new String(stream.onFrame(new SseFrame(event.toBytes(), event)), StandardCharsets.UTF_8);
        assertThat(out).contains("\"client-model\"").doesNotContain("\"up\"");
        assertThat(new String(stream.onComplete(), StandardCharsets.UTF_8)).isEqualTo("data: [DONE]\n\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"choices\":[{\"delta\":{\"content\":\"hi\"},\"finish_reason\":null}]}",
            "{\"choices\": [{\"delta\": {\"content\": \"say \\\"finish_reason\\\": \\\"stop\\\"\"}, \"finish_reason\": null}]}"})
    void aStreamCutBeforeItsFinishReasonEndsWithTheErrorChunk(String chunk) {
        ClientStream stream = new ChatWire().passThrough("m", JsonFields.quoted("m"));
        SseEvent event = SseEvent.data(chunk);
        stream.onFrame(new SseFrame(event.toBytes(), event));
        String end = new String(stream.onComplete(), StandardCharsets.UTF_8);
        assertThat(end).startsWith("data: {\"error\":").contains("ended before it completed").endsWith("data: [DONE]\n\n");
    }
}
