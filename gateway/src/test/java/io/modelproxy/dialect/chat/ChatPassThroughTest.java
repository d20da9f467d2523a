package io.modelproxy.dialect.chat;

import io.modelproxy.requestlog.RequestTrace;
import io.modelproxy.translate.StreamAccounting;
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
        ClientStream stream = new ChatWire().passThrough("client-model", JsonFields.quoted("client-model"), RequestTrace.detached(), false);
        SseEvent event = SseEvent.data(finish);
        String out = new String(stream.onFrame(new SseFrame(event.toBytes(), event)), StandardCharsets.UTF_8);
        assertThat(out).contains("\"client-model\"").doesNotContain("\"up\"");
        assertThat(new String(stream.onComplete(), StandardCharsets.UTF_8)).isEqualTo("data: [DONE]\n\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"choices\":[{\"delta\":{\"content\":\"hi\"},\"finish_reason\":null}]}",
            "{\"choices\": [{\"delta\": {\"content\": \"say \\\"finish_reason\\\": \\\"stop\\\"\"}, \"finish_reason\": null}]}"})
    void aStreamCutBeforeItsFinishReasonEndsWithTheErrorChunk(String chunk) {
        ClientStream stream = new ChatWire().passThrough("m", JsonFields.quoted("m"), RequestTrace.detached(), false);
        SseEvent event = SseEvent.data(chunk);
        stream.onFrame(new SseFrame(event.toBytes(), event));
        String end = new String(stream.onComplete(), StandardCharsets.UTF_8);
        assertThat(end).startsWith("data: {\"error\":").contains("ended before it completed").endsWith("data: [DONE]\n\n");
    }

    private static String frame(ClientStream stream, String json) {
        SseEvent event = SseEvent.data(json);
        return new String(stream.onFrame(new SseFrame(event.toBytes(), event)), StandardCharsets.UTF_8);
    }

    /** What the stream reports to the gateway's accounting, as text. */
    private static final class Reported implements StreamAccounting {
        boolean itself;
        final StringBuilder text = new StringBuilder();
        final List<String> usage = new ArrayList<>();

        @Override
        public void reportsItself() {
            itself = true;
        }

        @Override
        public void text(byte[] bytes, int from, int to) {
            text.append(new String(bytes, from, to - from, StandardCharsets.UTF_8));
        }

        @Override
        public void usage(byte[] bytes, int from, int to) {
            usage.add(new String(bytes, from, to - from, StandardCharsets.UTF_8));
        }
    }

    /** Usage the gateway asked for goes to its accounting, not to the client; a chunk with choices still goes out. */
    @ParameterizedTest
    @ValueSource(strings = {"{\"id\":\"c\",\"model\":\"up\",\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4}}",
            "{ \"model\": \"up\", \"choices\": [ ], \"usage\": {\"prompt_tokens\": 3, \"completion_tokens\": 4} }"})
    void aUsageChunkTheClientDidNotAskForIsHidden(String usage) {
        Reported reported = new Reported();
        ClientStream stream = new ChatWire().passThrough("m", JsonFields.quoted("m"), reported, true);
        assertThat(frame(stream, "{\"model\":\"up\",\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":null}"))
                .contains("\"m\"");
        assertThat(frame(stream, usage)).isEmpty();
        assertThat(reported.usage).singleElement().isEqualTo(usage);
        assertThat(frame(stream, "{\"model\":\"up\",\"choices\":[{\"delta\":{}}],\"usage\":{\"completion_tokens\":4}}"))
                .contains("\"m\"");
        assertThat(reported.usage).hasSize(2);
        // a client that asked for usage gets the same chunk, and the gateway reads it all the same
        Reported asked = new Reported();
        assertThat(frame(new ChatWire().passThrough("m", JsonFields.quoted("m"), asked, false), usage)).contains("\"completion_tokens\"");
        assertThat(asked.usage).singleElement().isEqualTo(usage);
    }

    /** The walk that splices the model also hands over the generated text: content and tool-call arguments, escapes as sent. */
    @org.junit.jupiter.api.Test
    void theGeneratedTextIsReportedAsTheChunksGoBy() {
        Reported reported = new Reported();
        ClientStream stream = new ChatWire().passThrough("m", JsonFields.quoted("m"), reported, false);
        assertThat(reported.itself).isFalse();
        frame(stream, "{\"model\":\"up\",\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}");
        assertThat(reported.itself).isTrue();
        frame(stream, "{\"model\":\"up\",\"choices\":[{\"delta\":{\"content\":\"Say \\\"hi\\\"\"}}]}");
        frame(stream, "{\"model\":\"up\",\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\":1}\"}}]}}]}");
        frame(stream, "{\"model\":\"up\",\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}");
        assertThat(reported.text.toString()).isEqualTo("Say \\\"hi\\\"{\\\"a\\\":1}");
        assertThat(reported.usage).isEmpty();
    }
}
