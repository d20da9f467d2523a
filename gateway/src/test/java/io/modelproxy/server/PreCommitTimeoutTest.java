package io.modelproxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import io.modelproxy.api.Dialect;
import io.modelproxy.testing.FakeUpstream;
import io.modelproxy.testing.ManifestGateway;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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

    @RegisterExtension
    @Order(3)
    static final ManifestGateway gateway = new ManifestGateway(() -> ManifestGateway.provider("p1", Dialect.OpenAIChat, stalling.baseUrl(), "sk-a")
            + ManifestGateway.provider("p2", Dialect.OpenAIChat, healthy.baseUrl(), "sk-b")
            + ManifestGateway.routedModel("m", "p1/up-x, timeoutSeconds: 1", "p2/up-y"));

    @Test
    void aStreamThatStallsAfterItsPreambleFallsBackToTheNextRoute() {
        stalling.answer(call -> FakeUpstream.sseThenSilence(ROLE_ONLY_CHUNK));
        healthy.answer(FailoverTest::ok);

        AggregatedHttpResponse res = gateway.post("/v1/chat/completions",
                "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(res.status().code()).isEqualTo(200);
        assertThat(res.headers().get("x-model-proxy-route")).isEqualTo("p2/up-y");
        assertThat(res.headers().get("x-model-proxy-attempts")).isEqualTo("2");
        assertThat(healthy.calls()).hasSize(1);
    }
}
