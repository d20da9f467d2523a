package io.modelproxy.dialect.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelproxy.sse.JsonFields;
import io.modelproxy.sse.SseEvent;
import io.modelproxy.sse.SseFrame;
import io.modelproxy.translate.ClientStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChatPassThroughTest {

    /** A stream cut after its finish chunk only lacks [DONE], however the upstream spaces its JSON. */
    @ParameterizedTest
    @ValueSource(strings = {"{\"model\":\"up\",\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}",
            "{\"model\": \"up\", \"choices\": [{\"delta\": {}, \"finish_reason\": \"stop\"}]}",
            "{ \"model\" : \"up\" , \"choices\" : [ { \"delta\" : { } , \"finish_reason\" :\t\"stop\" } ] }"})
    void aStreamCutAfterItsFinishReasonEndsWithDone(String finish) {
        ClientStream stream = new ChatWire().passThrough("client-model", JsonFields.quoted("client-model"), null);
        SseEvent event = SseEvent.data(finish);
        String out = new String(stream.onFrame(new SseFrame(event.toBytes(), event)), StandardCharsets.UTF_8);
        assertThat(out).contains("\"client-model\"").doesNotContain("\"up\"");
        assertThat(new String(stream.onComplete(), StandardCharsets.UTF_8)).isEqualTo("data: [DONE]\n\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"choices\":[{\"delta\":{\"content\":\"hi\"},\"finish_reason\":null}]}",
            "{\"choices\": [{\"delta\": {\"content\": \"say \\\"finish_reason\\\": \\\"stop\\\"\"}, \"finish_reason\": null}]}"})
    void aStreamCutBeforeItsFinishReasonEndsWithTheErrorChunk(String chunk) {
        ClientStream stream = new ChatWire().passThrough("m", JsonFields.quoted("m"), null);
        SseEvent event = SseEvent.data(chunk);
        stream.onFrame(new SseFrame(event.toBytes(), event));
        String end = new String(stream.onComplete(), StandardCharsets.UTF_8);
        assertThat(end).startsWith("data: {\"error\":").contains("ended before it completed").endsWith("data: [DONE]\n\n");
    }

    private static String frame(ClientStream stream, String json) {
        SseEvent event = SseEvent.data(json);
        return new String(stream.onFrame(new SseFrame(event.toBytes(), event)), StandardCharsets.UTF_8);
    }

    /** Usage the gateway asked for goes to its meter, not to the client; a chunk with choices still goes out. */
    @ParameterizedTest
    @ValueSource(strings = {"{\"id\":\"c\",\"model\":\"up\",\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4}}",
            "{ \"model\": \"up\", \"choices\": [ ], \"usage\": {\"prompt_tokens\": 3, \"completion_tokens\": 4} }"})
    void aUsageChunkTheClientDidNotAskForIsHidden(String usage) {
        List<String> hidden = new ArrayList<>();
        ClientStream stream = new ChatWire().passThrough("m", JsonFields.quoted("m"),
                bytes -> hidden.add(new String(bytes, StandardCharsets.UTF_8)));
        assertThat(frame(stream, "{\"model\":\"up\",\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":null}"))
                .contains("\"m\"");
        assertThat(frame(stream, usage)).isEmpty();
        assertThat(hidden).singleElement().satisfies(h -> assertThat(h).contains("\"completion_tokens\"").startsWith("data: "));
        assertThat(frame(stream, "{\"model\":\"up\",\"choices\":[{\"delta\":{}}],\"usage\":{\"completion_tokens\":4}}"))
                .contains("\"m\"");
        // without a meter, the same chunk goes to the client
        assertThat(frame(new ChatWire().passThrough("m", JsonFields.quoted("m"), null), usage)).contains("\"completion_tokens\"");
    }
}
