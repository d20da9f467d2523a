package io.modelproxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.client.ClientRequestContext;
import com.linecorp.armeria.client.ClientRequestContextCaptor;
import com.linecorp.armeria.client.Clients;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;
import io.modelproxy.api.Dialect;
import io.modelproxy.configsource.InvalidConfigException;
import io.modelproxy.sharedstate.CooldownTable;
import io.modelproxy.testing.TestConfigs;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The headers an {@link Upstream} starts carry everything Armeria's client would add (the base URL's
 * path, the scheme, the authority, a user agent), so the request goes out, and is logged, as these very
 * headers: a held stream keeps one set of its upstream request headers, not a copy per addition.
 */
class UpstreamRequestHeadersTest {
    private static final AtomicReference<RequestHeaders> received = new AtomicReference<>();

    @RegisterExtension
    static final ServerExtension upstream = new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) {
            sb.serviceUnder("/", (ctx, req) -> {
                received.set(req.headers());
                return HttpResponse.of("ok");
            });
        }
    };

    @Test
    void aRequestGoesOutUnderTheBasePathAsTheHeadersItWasGiven() throws InvalidConfigException {
        try (Upstreams upstreams = new Upstreams(new CooldownTable())) {
            Upstream u = upstreams.build(TestConfigs.provider("p", Dialect.OpenAIChat, upstream.httpUri() + "/v1/"), Map.of());
            RequestHeaders headers = u.build(u.headers(HttpMethod.POST, "/chat/completions"));
            ClientRequestContext ctx;
            AggregatedHttpResponse res;
            try (ClientRequestContextCaptor captor = Clients.newContextCaptor()) {
                res = u.client().execute(HttpRequest.of(headers)).aggregate().join();
                ctx = captor.get();
            }

            assertThat(res.contentUtf8()).isEqualTo("ok");
            assertThat(received.get().path()).isEqualTo("/v1/chat/completions");
            assertThat(received.get().authority()).isEqualTo(upstream.httpUri().getRawAuthority());
            assertThat(received.get().get(HttpHeaderNames.USER_AGENT)).startsWith("armeria/");
            assertThat(ctx.log().whenRequestComplete().join().requestHeaders()).isSameAs(headers);
        }
    }

    @Test
    void aUserAgentTheHeadersNameIsKept() throws InvalidConfigException {
        try (Upstreams upstreams = new Upstreams(new CooldownTable())) {
            Upstream u = upstreams.build(TestConfigs.provider("p", Dialect.OpenAIChat, upstream.httpUri() + "/v1"), Map.of());

            u.client().execute(HttpRequest.of(u.build(u.headers(HttpMethod.GET, "/models").set(HttpHeaderNames.USER_AGENT, "sdk/1"))))
                    .aggregate().join();

            assertThat(received.get().path()).isEqualTo("/v1/models");
            assertThat(received.get().getAll(HttpHeaderNames.USER_AGENT)).containsExactly("sdk/1");
        }
    }
}
