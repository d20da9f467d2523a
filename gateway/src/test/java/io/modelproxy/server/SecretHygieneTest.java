package io.modelproxy.server;

import static io.modelproxy.testing.TestConfigs.config;
import static io.modelproxy.testing.TestConfigs.model;
import static io.modelproxy.testing.TestConfigs.provider;
import static io.modelproxy.testing.TestConfigs.route;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import io.modelproxy.api.Dialect;
import io.modelproxy.config.GatewayConfig;
import io.modelproxy.config.ProviderConfig;
import io.modelproxy.testing.FakeUpstream;
import io.modelproxy.testing.TestGateway;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives every path that handles keys (rotation, rejected keys, upstream errors that echo the key,
 * unreachable providers, missing key files, bad configs, health and model listing) and checks that no
 * key value appears in a log line, a response body or a response header, in {@code /metrics} or in a
 * request record.
 */
class SecretHygieneTest {
    private static final String REJECTED = "sk-hygiene-rejected-AAAA1111";
    private static final String GOOD = "sk-hygiene-good-BBBB2222";
    private static final String ECHOED = "sk-hygiene-echoed-CCCC3333";
    private static final String ENV_CLIENT_KEY = "mp-env-client-DDDD4444";

    @RegisterExtension
    @Order(1)
    static final FakeUpstream upstream = new FakeUpstream();

    @TempDir
    Path dir;

    @Test
    void noKeyValueAppearsInLogsErrorsOrHealth() throws Exception {
        upstream.answer(call -> {
            if (REJECTED.equals(call.key())) {
                return FakeUpstream.json(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + REJECTED + "\"}}");
            }
            if (ECHOED.equals(call.key())) {
                return call.path().equals("/v1/messages")
                        ? FakeUpstream.sse("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
                                + "\"message\":\"bad request for key " + ECHOED + "\"}}\n\n")
                        : FakeUpstream.json(400, "{\"error\":{\"message\":\"key " + ECHOED + " may not use this model\"}}");
            }
            return call.path().equals("/v1/models") ? FakeUpstream.json(200, "{\"data\":[]}") : FailoverTest.ok(call);
        });
        List<ProviderConfig> providers = List.of(
                provider("rotating", Dialect.OpenAIChat, upstream.baseUrl(), "rejected", "good", "absent"),
                provider("echo", Dialect.OpenAIChat, upstream.baseUrl(), "echoed"),
                provider("echo-anthropic", Dialect.AnthropicMessages, upstream.baseUrl(), "echoed"),
                provider("dead", Dialect.OpenAIChat, "http://127.0.0.1:1/v1", "good"));
        GatewayConfig config = config(providers, List.of(
                model("rotates", route("rotating", "up")),
                model("echoes", route("echo", "up")),
                model("echoes-claude", route("echo-anthropic", "up")),
                model("unreachable", route("dead", "up"))));

        List<String> seen = new ArrayList<>();
        String logs = capturingStdErr(() -> {
            TestGateway gateway = new TestGateway(dir)
                    .secret("rotating-keys", "rejected", REJECTED).secret("rotating-keys", "good", GOOD)
                    .secret("echo-keys", "echoed", ECHOED).secret("echo-anthropic-keys", "echoed", ECHOED)
                    .secret("dead-keys", "good", GOOD)
                    .config(config)
                    .start(b -> b.clientApiKey(ENV_CLIENT_KEY));
            try {
                for (String model : List.of("rotates", "rotates", "echoes", "unreachable", "nope")) {
                    record(seen, gateway.post("/v1/chat/completions", "{\"model\":\"" + model + "\",\"messages\":[]}"));
                    record(seen, gateway.post("/v1/chat/completions", "{\"model\":\"" + model + "\",\"stream\":true,\"messages\":[]}"));
                }
                record(seen, gateway.post("/v1/messages", "{\"model\":\"echoes-claude\",\"stream\":true,\"max_tokens\":5,\"messages\":[]}"));
                record(seen, gateway.post("/v1/chat/completions", "{\"model\":\"rotates\"}", ENV_CLIENT_KEY));
                record(seen, gateway.post("/v1/chat/completions", "{\"model\":\"rotates\"}", "wrong"));
                record(seen, gateway.get("/v1/models"));
                record(seen, gateway.get("/health/detailed"));
                record(seen, gateway.get("/metrics"));
                await().atMost(Duration.ofSeconds(10)).until(() -> gateway.server().requestLog().entries(100).size() >= 13);
                gateway.server().requestLog().entries(100).forEach(entry -> seen.add("record " + entry));
                gateway.configText("{\"version\":1,\"providers\":[{\"name\":\"broken\"");
                await().atMost(Duration.ofSeconds(10)).until(() -> gateway.get("/health/detailed").contentUtf8().contains("cannot read"));
                record(seen, gateway.get("/health/detailed"));
                record(seen, gateway.get("/health/ready"));
            } finally {
                gateway.server().close();
            }
        });

        assertThat(seen).hasSizeGreaterThan(10);
        assertThat(String.join("\n", seen)).contains("[redacted]").contains("rotating-keys/absent");
        assertThat(logs).contains("io.modelproxy.access").contains("rotating-keys/absent");
        for (String secret : List.of(REJECTED, GOOD, ECHOED, ENV_CLIENT_KEY, TestGateway.CLIENT_KEY)) {
            assertThat(logs).as("logs").doesNotContain(secret);
            assertThat(seen).as("responses").noneMatch(text -> text.contains(secret));
        }
        assertThat(upstream.calls()).extracting(FakeUpstream.Call::key).contains(REJECTED, GOOD, ECHOED);
    }

    private static void record(List<String> seen, AggregatedHttpResponse res) {
        seen.add(res.headers() + "\n" + res.contentUtf8());
    }

    /** Runs the action with System.err copied into a buffer (slf4j-simple looks System.err up on every line). */
    private static String capturingStdErr(ThrowingRunnable action) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        System.setErr(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                copy.write(b);
                original.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                copy.write(b, off, len);
                original.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return copy.toString(StandardCharsets.UTF_8);
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
