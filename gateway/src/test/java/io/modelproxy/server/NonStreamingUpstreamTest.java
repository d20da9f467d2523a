package io.modelproxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.MediaType;
import io.modelproxy.api.Dialect;
import io.modelproxy.testing.FakeUpstream;
import io.modelproxy.testing.ManifestGateway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A provider that ignores {@code stream: true} and answers whole: streaming clients still get their stream. */
class NonStreamingUpstreamTest {
    @RegisterExtension
    @Order(1)
    static final FakeUpstream upstream = new FakeUpstream();

    @RegisterExtension
    @Order(2)
    static final ManifestGateway gateway = ManifestGateway.oneRoute(upstream, Dialect.OpenAIChat, "m", "up-x");

    @BeforeAll
    static void answer() {
        upstream.answer(FailoverTest::ok);
    }

    @Test
    void aChatClientGetsTheWholeAnswerAsChunksEndingInDone() {
        AggregatedHttpResponse res = gateway.post("/v1/chat/completions",
                "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(res.status().code()).isEqualTo(200);
        assertThat(res.contentType().is(MediaType.EVENT_STREAM)).isTrue();
        String sse = res.contentUtf8();
        assertThat(sse).contains("\"object\":\"chat.completion.chunk\"", "\"content\":\"ok\"", "\"model\":\"m\"")
                .doesNotContain("up-x").endsWith("data: [DONE]\n\n");
    }

    @Test
    void anAnthropicClientOnTheChatProviderGetsItsEvents() {
        AggregatedHttpResponse res = gateway.post("/v1/messages",
                "{\"model\":\"m\",\"max_tokens\":50,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(res.status().code()).isEqualTo(200);
        assertThat(res.contentType().is(MediaType.EVENT_STREAM)).isTrue();
        String sse = res.contentUtf8();
        assertThat(sse).contains("event: message_start", "\"text\":\"ok\"", "\"model\":\"m\"", "event: message_stop")
                .doesNotContain("[DONE]");
    }
}
