package io.modelproxy.server;

import static io.modelproxy.testing.TestConfigs.config;
import static io.modelproxy.testing.TestConfigs.model;
import static io.modelproxy.testing.TestConfigs.provider;
import static io.modelproxy.testing.TestConfigs.route;
import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import io.modelproxy.api.Dialect;
import io.modelproxy.config.ModelConfig;
import io.modelproxy.testing.FakeUpstream;
import io.modelproxy.testing.TestGateway;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upstream that sends only a preamble (a role-only chunk) and then stalls has not committed
 * anything to the client: the route's timeout still applies and the next route serves.
 */
class PreCommitTimeoutTest {
    private static final String ROLE_ONLY_CHUNK = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,"
            + "\"model\":\"up-x\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
            + "\"finish_reason\":null}]}\n\n";

    @RegisterExtension
    @Order(1)
    static final FakeUpstream stalling = new FakeUpstream();

    @RegisterExtension
    @Order(2)
    static final FakeUpstream healthy = new FakeUpstream();

    @TempDir
    Path dir;

    private TestGateway gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void aStreamThatStallsAfterItsPreambleFallsBackToTheNextRoute() {
        stalling.answer(call -> FakeUpstream.sseThenSilence(ROLE_ONLY_CHUNK));
        healthy.answer(FailoverTest::ok);
        ModelConfig.Route oneSecond = new ModelConfig.Route("p1", "up-x", 1, null, null, 1);
        gateway = new TestGateway(dir).secret("p1-keys", "k1", "sk-a").secret("p2-keys", "k1", "sk-b")
                .config(config(List.of(provider("p1", Dialect.OpenAIChat, stalling.baseUrl(), "k1"),
                                provider("p2", Dialect.OpenAIChat, healthy.baseUrl(), "k1")),
                        List.of(model("m", oneSecond, route("p2", "up-y")))))
                .start();

        AggregatedHttpResponse res = gateway.post("/v1/chat/completions",
                "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(res.status().code()).isEqualTo(200);
        assertThat(res.headers().get("x-model-proxy-route")).isEqualTo("p2/up-y");
        assertThat(res.headers().get("x-model-proxy-attempts")).isEqualTo("2");
        assertThat(healthy.calls()).hasSize(1);
    }
}
