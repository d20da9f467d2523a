package io.modelproxy.request;

import io.modelproxy.sse.JsonFields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelproxy.api.Dialect;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ClientRequestTest {

    private static ClientRequest parse(String body, boolean forceStream) throws ClientRequest.Invalid {
        return ClientRequest.parse(Dialect.OpenAIChat, body.getBytes(StandardCharsets.UTF_8), forceStream);
    }

    private static String upstream(ClientRequest r, String model) {
        return new String(r.upstreamBody(JsonFields.quoted(model), false), StandardCharsets.UTF_8);
    }

    @Test
    void splicesOnlyTheModelValueEvenAroundMultiByteText() throws Exception {
        String body = "{\"messages\":[{\"content\":\"\u4e16\u754c \\\"model\\\":\\\"no\\\"\"}],\"model\" : \"logical\",\"x\":{\"model\":\"keep\"}}";
        ClientRequest r = parse(body, false);
        assertThat(r.model()).isEqualTo("logical");
        assertThat(r.stream()).isFalse();
        assertThat(upstream(r, "up/model-1")).isEqualTo(body.replace("\"logical\"", "\"up/model-1\""));
    }

    @Test
    void aForcedStreamIsSetWhetherTheFieldIsAbsentFalseOrNull() throws Exception {
        assertThat(upstream(parse("{\"model\":\"m\"}", true), "u")).isEqualTo("{\"stream\":true,\"model\":\"u\"}");
        assertThat(upstream(parse("{\"stream\":false,\"model\":\"m\"}", true), "u")).isEqualTo("{\"stream\":true,\"model\":\"u\"}");
        assertThat(upstream(parse("{\"model\":\"m\", \"stream\": null}", true), "u")).isEqualTo("{\"model\":\"u\", \"stream\": true}");
        ClientRequest streaming = parse("{\"model\":\"m\",\"stream\":true}", false);
        assertThat(streaming.stream()).isTrue();
        assertThat(upstream(streaming, "u")).isEqualTo("{\"model\":\"u\",\"stream\":true}");
        assertThat(parse("{\"model\":\"m\"}", true).tree().path("stream").asBoolean()).isTrue();
    }

    private static String askingUsage(String body, boolean forceStream) throws ClientRequest.Invalid {
        return new String(parse(body, forceStream).upstreamBody(JsonFields.quoted("u"), true), StandardCharsets.UTF_8);
    }

    @Test
    void usageIsAskedForInStreamOptionsUnlessTheClientSetIt() throws Exception {
        assertThat(askingUsage("{\"model\":\"m\",\"stream\":true}", false))
                .isEqualTo("{\"stream_options\":{\"include_usage\":true},\"model\":\"u\",\"stream\":true}");
        assertThat(askingUsage("{\"model\":\"m\"}", true))
                .isEqualTo("{\"stream_options\":{\"include_usage\":true},\"stream\":true,\"model\":\"u\"}");
        assertThat(askingUsage("{\"model\":\"m\",\"stream\":true,\"stream_options\": { } }", false))
                .isEqualTo("{\"model\":\"u\",\"stream\":true,\"stream_options\": {\"include_usage\":true } }");
        assertThat(askingUsage("{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_obfuscation\":false}}", false))
                .isEqualTo("{\"model\":\"u\",\"stream\":true,\"stream_options\":{\"include_usage\":true,\"include_obfuscation\":false}}");
        // the client decided, or the request does not stream: as it came
        for (String decided : new String[] {"{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":false}}",
                "{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":true}}",
                "{\"model\":\"m\",\"stream\":true,\"stream_options\":null}", "{\"model\":\"m\"}"}) {
            assertThat(parse(decided, false).canAskUsage()).as(decided).isFalse();
            assertThat(askingUsage(decided, false)).isEqualTo(decided.replace("\"m\"", "\"u\""));
        }
        assertThat(parse("{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"x\":[1,{\"include_usage\":1}]}}", false)
                .canAskUsage()).isTrue();
    }

    @Test
    void duplicateModelOrStreamIsRejected() {
        assertThatThrownBy(() -> parse("{\"model\":\"a\",\"model\":\"b\"}", false))
                .isInstanceOfSatisfying(ClientRequest.Invalid.class, e -> assertThat(e.error().param()).isEqualTo("model"));
        assertThatThrownBy(() -> parse("{\"model\":\"a\",\"stream\":true,\"stream\":false}", false))
                .isInstanceOf(ClientRequest.Invalid.class);
    }

    @Test
    void largeStringsAreAccepted() throws Exception {
        String big = "a".repeat(25_000_000);
        ClientRequest r = parse("{\"model\":\"m\",\"image\":\"" + big + "\"}", false);
        assertThat(r.size()).isGreaterThan(25_000_000);
    }
}
