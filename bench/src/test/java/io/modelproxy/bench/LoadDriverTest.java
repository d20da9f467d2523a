package io.modelproxy.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The driver counts whole, correct responses and nothing else; the benchmark stops on a dead target. */
@Tag("load")
class LoadDriverTest {
    private static final Duration ROUND = Duration.ofMillis(300);

    /** Answers every request with 502, as a proxy whose upstream is down. */
    @RegisterExtension
    @Order(1)
    static final ServerExtension failing = new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) {
            sb.service("/v1/chat/completions", (ctx, req) -> HttpResponse.of(HttpStatus.BAD_GATEWAY));
        }
    };

    /** Cuts every stream before [DONE], and is not ready. */
    @RegisterExtension
    @Order(2)
    static final ServerExtension truncating = new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) {
            sb.service("/v1/chat/completions", (ctx, req) -> HttpResponse.of(HttpStatus.OK,
                    MediaType.parse("text/event-stream"), "data: {\"choices\":[]}\n\n"));
            sb.service("/v1/models", (ctx, req) -> HttpResponse.of(HttpStatus.SERVICE_UNAVAILABLE));
        }
    };

    private static FakeUpstream upstream;
    private static LoadDriver driver;

    @BeforeAll
    static void start() {
        upstream = FakeUpstream.start(Loopback.HOST, 0, StreamPacing.eachEvent(Duration.ZERO));
        driver = new LoadDriver(1, new ProcessCpu(Path.of("/proc"), 100),
                OptionalLong.of(ProcessHandle.current().pid()));
    }

    @AfterAll
    static void stop() {
        driver.close();
        upstream.close();
    }

    private static Target fake() {
        return new Target("direct", URI.create("http://127.0.0.1:" + upstream.port()), OptionalLong.empty());
    }

    private static Target truncating() {
        return new Target("truncating", URI.create("http://127.0.0.1:" + truncating.httpPort()),
                OptionalLong.of(ProcessHandle.current().pid()));
    }

    @Test
    void measuresEveryCompletedRequestOfTheChatModes() throws Exception {
        for (Mode mode : List.of(Mode.COMPLETION, Mode.STREAM)) {
            RoundResult result = driver.run(fake(), new Scenario(mode, 4), 1, ROUND);

            assertThat(result.errors()).as(mode + " errors: " + result.errorCauses()).isZero();
            assertThat(result.completed()).isPositive();
            assertThat(result.firstByte().size()).isEqualTo(result.latency().size());
            assertThat(result.firstByte().percentile(0.5)).isPositive()
                    .isLessThanOrEqualTo(result.latency().percentile(0.5));
            assertThat(result.proxyCpuNanos()).isEqualTo(-1);
            assertThat(result.upstreamCpuNanos()).isNotNegative();
        }
    }

    @Test
    void countsAnErrorStatusAsAnErrorAndNotAsARequest() throws Exception {
        Target target = new Target("failing", URI.create("http://127.0.0.1:" + failing.httpPort()), OptionalLong.empty());

        RoundResult result = driver.run(target, new Scenario(Mode.COMPLETION, 2), 1, ROUND);

        assertThat(result.completed()).isZero();
        assertThat(result.errors()).isPositive();
        assertThat(result.errorCauses()).containsOnlyKeys("status 502");
    }

    @Test
    void countsARefusedConnectionAsAnError() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(Loopback.HOST))) {
            port = socket.getLocalPort();
        }
        Target target = new Target("gone", URI.create("http://127.0.0.1:" + port), OptionalLong.empty());

        RoundResult result = driver.run(target, new Scenario(Mode.STREAM, 2), 1, ROUND);

        assertThat(result.completed()).isZero();
        assertThat(result.errors()).isPositive();
        assertThat(result.errorCauses()).isNotEmpty();
    }

    @Test
    void aStreamWithoutDoneIsAnError() throws Exception {
        RoundResult result = driver.run(truncating(), new Scenario(Mode.STREAM, 2), 1, ROUND);

        assertThat(result.completed()).isZero();
        assertThat(result.errorCauses()).containsOnlyKeys("stream did not end with data: [DONE]");
        assertThat(result.proxyCpuNanos()).isNotNegative();
    }

    @Test
    void theTargetsTakeTurnsTheOtherWayRoundEveryOtherRound() throws Exception {
        Benchmark benchmark = new Benchmark(driver, new PrintWriter(new StringWriter()));
        Target first = fake();
        Target second = new Target("second", first.uri(), OptionalLong.empty());
        Benchmark.Plan plan = new Benchmark.Plan(List.of(first, second), List.of(new Scenario(Mode.COMPLETION, 1)),
                3, ROUND, Duration.ZERO);

        List<RoundResult> results = benchmark.run(plan);

        assertThat(results).extracting(r -> r.round() + " " + r.target())
                .containsExactly("1 " + first.name(), "1 second", "2 second", "2 " + first.name(), "3 " + first.name(), "3 second");
        assertThat(Benchmark.summarize(results)).extracting(Summary::target).containsExactly(first.name(), "second");
    }

    @Test
    void theBenchmarkStopsWhenATargetFailsItsWholeWarmUp() {
        StringWriter progress = new StringWriter();
        Benchmark benchmark = new Benchmark(driver, new PrintWriter(progress));
        Benchmark.Plan plan = new Benchmark.Plan(List.of(fake(), truncating()), List.of(new Scenario(Mode.STREAM, 2)),
                1, ROUND, ROUND);

        assertThatThrownBy(() -> benchmark.run(plan)).isInstanceOf(BenchmarkException.class)
                .hasMessageContaining("truncating").hasMessageContaining("failed every request")
                .hasMessageContaining("[DONE]");
        assertThat(progress.toString()).contains("warm-up").contains("direct");
    }

    @Test
    void aTargetWhoseProcessExitedIsNotWaitedFor() throws Exception {
        Process exited = new ProcessBuilder("true").start();
        exited.waitFor();
        Target target = new Target("gateway", URI.create("http://127.0.0.1:" + failing.httpPort()),
                OptionalLong.of(exited.pid()));

        assertThatThrownBy(() -> driver.awaitReady(target, Duration.ofMinutes(5)))
                .isInstanceOf(BenchmarkException.class).hasMessageContaining("exited before answering");
    }

    @Test
    void aTargetThatDoesNotAnswerIsNotReady() {
        assertThatThrownBy(() -> driver.awaitReady(truncating(), Duration.ofMillis(500)))
                .isInstanceOf(BenchmarkException.class).hasMessageContaining("status 503");
    }
}
