package io.modelproxy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The translated mode speaks Anthropic Messages, counts only streams that end with message_stop, and goes to the gateway only. */
class MessagesStreamTest {
    private static final Duration ROUND = Duration.ofMillis(300);
    private static final MediaType EVENT_STREAM = MediaType.parse("text/event-stream");
    private static final String START = "event: message_start\ndata: {\"type\":\"message_start\"}\n\n"
            + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0}\n\n";

    /** Answers only the Anthropic request (path, key header, body) with a complete stream. */
    @RegisterExtension
    @Order(1)
    static final ServerExtension anthropic = new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) {
            sb.service("/v1/messages", (ctx, req) -> HttpResponse.of(req.aggregate().thenApply(request -> {
                boolean anthropicRequest = "sk-bench-client".equals(request.headers().get("x-api-key"))
                        && request.contentUtf8().contains("\"max_tokens\":256");
                if (!anthropicRequest) {
                    return HttpResponse.of(HttpStatus.BAD_REQUEST);
                }
                return HttpResponse.of(HttpStatus.OK, EVENT_STREAM, START
                        + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
            })));
        }
    };

    /** Stops after message_delta: no message_stop. */
    @RegisterExtension
    @Order(2)
    static final ServerExtension cut = new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) {
            sb.service("/v1/messages", (ctx, req) -> HttpResponse.of(HttpStatus.OK, EVENT_STREAM, START
                    + "event: message_delta\ndata: {\"type\":\"message_delta\",\"text\":\"event: message_stop\"}\n\n"));
        }
    };

    private static LoadDriver driver;

    @BeforeAll
    static void start() {
        driver = new LoadDriver(1, new ProcessCpu(Path.of("/proc"), 100), OptionalLong.empty());
    }

    @AfterAll
    static void stop() {
        driver.close();
    }

    /** The driver keeps one client per target name, so each server gets its own name. */
    private static Target target(String name, ServerExtension server) {
        return new Target(name, URI.create("http://127.0.0.1:" + server.httpPort()), OptionalLong.empty());
    }

    @Test
    void countsAnAnthropicStreamThatEndsWithMessageStop() throws Exception {
        RoundResult result = driver.run(target("gateway", anthropic), new Scenario(Mode.MESSAGES_STREAM, 2), 1, ROUND);

        assertThat(result.errors()).as("errors: " + result.errorCauses()).isZero();
        assertThat(result.completed()).isPositive();
    }

    @Test
    void aStreamWhoseLastEventIsNotMessageStopIsAnError() throws Exception {
        RoundResult result = driver.run(target("cut", cut), new Scenario(Mode.MESSAGES_STREAM, 2), 1, ROUND);

        assertThat(result.completed()).isZero();
        assertThat(result.errorCauses()).containsOnlyKeys("stream did not end with event: message_stop");
    }

    @Test
    void runsOnTheGatewayOnly() {
        Target direct = new Target("direct", URI.create("http://127.0.0.1:1"), OptionalLong.empty());
        Target nginx = new Target("nginx", URI.create("http://127.0.0.1:2"), OptionalLong.empty());
        Target gateway = new Target("gateway", URI.create("http://127.0.0.1:3"), OptionalLong.empty());
        Scenario translated = new Scenario(Mode.MESSAGES_STREAM, 16);
        Scenario plain = new Scenario(Mode.STREAM, 16);
        Benchmark.Plan plan = new Benchmark.Plan(List.of(direct, nginx, gateway), List.of(plain, translated), 2,
                Duration.ofSeconds(1), Duration.ofSeconds(1));

        assertThat(plan.targetsOf(translated)).containsExactly(gateway);
        assertThat(plan.targetsOf(plain)).containsExactly(direct, nginx, gateway);
        // 3 + 1 cells of 1 s warm-up and 2 x 1 s rounds
        assertThat(plan.estimate()).isEqualTo(Duration.ofSeconds(12));
    }
}
