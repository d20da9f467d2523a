package io.modelproxy.server;

import static io.modelproxy.testing.TestConfigs.config;
import static io.modelproxy.testing.TestConfigs.model;
import static io.modelproxy.testing.TestConfigs.provider;
import static io.modelproxy.testing.TestConfigs.route;
import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.MediaType;
import io.modelproxy.api.Dialect;
import io.modelproxy.testing.FakeUpstream;
import io.modelproxy.testing.TestGateway;
import io.modelproxy.dialect.Dialects;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A provider that ignores {@code stream: true} and answers whole: streaming clients still get their stream. */
class NonStreamingUpstreamTest {
    @RegisterExtension
    static final FakeUpstream upstream = new FakeUpstream();

    @TempDir
    static Path dir;

    static TestGateway gateway;

    @BeforeAll
    static void start() {
        upstream.answer(FailoverTest::ok);
        gateway = new TestGateway(dir).secret("p-keys", "k1", "sk-p")
                .config(config(List.of(provider("p", Dialect.OpenAIChat, upstream.baseUrl(), "k1")),
                        List.of(model("m", route("p", "up-x")))))
                .start(b -> b.dialects(Dialects.standard()));
    }

    @AfterAll
    static void stop() {
        gateway.close();
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
