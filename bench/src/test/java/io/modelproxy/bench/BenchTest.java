package io.modelproxy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line as scripts/bench calls it. */
@Tag("load")
class BenchTest {
    @TempDir
    Path results;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Bench.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void runsRoundsPrintsTheTableAndSavesTheRawResults() throws Exception {
        try (FakeUpstream upstream = FakeUpstream.start(Loopback.HOST, 0, StreamPacing.eachEvent(Duration.ZERO))) {
            String pid = Long.toString(ProcessHandle.current().pid());
            int code = run("run", "--target", "direct=http://127.0.0.1:" + upstream.port(),
                    // this JVM stands in for a proxy process: the upstream runs in it
                    "--target", "nginx=http://127.0.0.1:" + upstream.port() + ",pid=" + pid,
                    "--modes", "stream", "--concurrency", "2", "--rounds", "2", "--duration", "0.2", "--warmup", "0.1",
                    "--threads", "1", "--results", results.toString(), "--note", "a note for the header");

            assertThat(code).as(err.toString()).isZero();
        }
        assertThat(out.toString()).contains("a note for the header").contains("stream (50 SSE chunks + [DONE]), 2 in flight")
                .containsPattern("(?m)^direct .*\\| +1\\.00x")
                .containsPattern("(?m)^nginx +\\d+ .* \\d+\\.\\d +0 \\|");
        assertThat(err.toString()).contains("warm-up").contains("round 2/2");
        assertThat(Files.readAllLines(results.resolve("rounds.csv"))).hasSize(1 + 2 * 2);
        assertThat(Files.readAllLines(results.resolve("summary.csv"))).hasSize(1 + 2);
        assertThat(Files.readString(results.resolve("table.txt"))).isEqualTo(out.toString());
    }

    @Test
    void aBadOptionIsAUsageErrorThatSaysWhy() {
        int code = run("run", "--target", "direct=http://127.0.0.1:1", "--modes", "chat");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("unknown mode 'chat'");
    }

    @Test
    void aTargetThatNeverAnswersFailsWithAMessageNotAStackTrace() {
        int code = run("run", "--target", "gateway=http://127.0.0.1:1", "--ready-timeout", "1");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("model-proxy-bench run: gateway at http://127.0.0.1:1 did not answer")
                .doesNotContain("\tat ");
    }

    @Test
    void freePortPrintsDistinctPorts() {
        assertThat(run("free-port", "--count", "3")).isZero();

        assertThat(out.toString().lines().distinct().map(Integer::parseInt)).hasSize(3).allSatisfy(
                port -> assertThat(port).isPositive());
    }
}
