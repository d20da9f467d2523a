package io.modelproxy.requestlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.modelproxy.api.Dialect;
import io.modelproxy.testing.FakeUpstream;
import io.modelproxy.testing.ManifestGateway;
import io.modelproxy.testing.UsageAnswers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The access log line ({@code format: Text}, the default): every request's fields, written by the log's own thread. */
class AccessLinesTest {
    @RegisterExtension
    @Order(1)
    static final FakeUpstream upstream = new FakeUpstream();

    @RegisterExtension
    @Order(2)
    static final ManifestGateway gateway = ManifestGateway.oneRoute(upstream, Dialect.OpenAIChat, "m", "up-x");

    @Test
    void theLineCarriesTheRequestsFieldsAndIsWrittenOffTheEventLoop() {
        upstream.answer(UsageAnswers::answer);
        String body = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        // slf4j-simple looks System.err up for every line
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        String line;
        try {
            assertThat(gateway.post("/v1/chat/completions", body).status().code()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> err.toString(StandardCharsets.UTF_8).contains("io.modelproxy.access"));
            line = Arrays.stream(err.toString(StandardCharsets.UTF_8).split("\n"))
                    .filter(l -> l.contains("io.modelproxy.access")).findFirst().orElseThrow();
        } finally {
            System.setErr(original);
        }

        assertThat(line).matches("\\d+ \\[request-log-access\\] INFO io\\.modelproxy\\.access - POST /v1/chat/completions"
                + " client=\\S+ model=m route=p/up-x attempts=1 stream=false bytes_in=" + body.length()
                + " status=200 latency_ms=\\d+");
    }
}
