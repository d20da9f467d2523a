package io.modelproxy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A small run of {@code idle-streams} against the gateway jar this build made: the streams are held
 * through the real gateway process, about two connections each, and its memory is read. The 9,000-stream
 * measurement is {@code ./scripts/bench --idle-streams 9000}, never part of the suite.
 */
class IdleStreamsCommandTest {
    private static final Path GATEWAY_JAR = Path.of("..", "gateway", "target", "model-proxy.jar");
    private static final Path DOCKERFILE = Path.of("..", "docker", "Dockerfile");

    @Test
    void twentyStreamsHoldAboutTwoConnectionsEachInTheGateway() {
        assertThat(GATEWAY_JAR).as("the gateway jar, built before the bench module").exists();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Bench.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));

        int code = cli.execute("idle-streams", "--gateway-jar", GATEWAY_JAR.toString(), "--streams", "20", "--batch", "10");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("idle streams through the gateway: 20, upstream HTTP HTTP1")
                .containsPattern("with the streams +\\d+\\.\\d +\\d+\\.\\d +\\d+")
                .containsPattern("per stream \\(KiB\\) +-?\\d+\\.\\d +-?\\d+\\.\\d +(1\\.9\\d|2\\.0\\d)");
    }

    @Test
    void theMeasuredLauncherIsTheImagesLauncher() throws IOException {
        String dockerfile = Files.readString(DOCKERFILE);

        assertThat(dockerfile).contains("ENV JAVA_TOOL_OPTIONS=\"" + IdleStreamsCommand.LAUNCHER_TOOL_OPTIONS + "\"\n");
        assertThat(IdleStreamsCommand.LAUNCHER_ARGS).allSatisfy(arg -> assertThat(dockerfile)
                .contains("if [ \"$major\" -ge " + arg.fromJdk() + " ]; then echo \"" + arg.flag() + "\"; fi"));
        assertThat(dockerfile.split("then echo ", -1)).hasSize(IdleStreamsCommand.LAUNCHER_ARGS.size() + 1);
    }

    /** The bench measures with every launcher flag its JDK takes: the image's JRE must take them all too. */
    @Test
    void theImagesJreTakesEveryFlagTheLauncherIsMeasuredWith() throws IOException {
        Matcher image = Pattern.compile("\nARG JAVA_IMAGE=eclipse-temurin:(\\d+)-jre\n").matcher(Files.readString(DOCKERFILE));
        assertThat(image.find()).as("the Dockerfile's default JAVA_IMAGE").isTrue();
        int jre = Integer.parseInt(image.group(1));

        assertThat(IdleStreamsCommand.LAUNCHER_ARGS).allSatisfy(arg -> assertThat(jre).as(arg.flag()).isGreaterThanOrEqualTo(arg.fromJdk()));
    }
}
