package io.modelproxy.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code upstream}: runs the fake OpenAI upstream until killed. */
@Command(name = "upstream", mixinStandardHelpOptions = true,
        description = "Run the fake OpenAI Chat upstream on 127.0.0.1 until stopped.")
final class UpstreamCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--port", defaultValue = "0", description = "Port (default: any free one).")
    private int port;

    @Option(names = "--port-file", paramLabel = "FILE", description = "Write the bound port here once listening.")
    private Path portFile;

    @Option(names = "--chunk-delay-micros", defaultValue = "0",
            description = "Pause between stream events, in microseconds (default: ${DEFAULT-VALUE}).")
    private long chunkDelayMicros;

    @Option(names = "--one-write",
            description = "Send each stream's whole answer in one write instead of a write per event.")
    private boolean oneWrite;

    @Override
    public Integer call() throws Exception {
        Duration chunkDelay = Duration.ofNanos(chunkDelayMicros * 1_000);
        StreamPacing pacing;
        try {
            pacing = oneWrite ? new StreamPacing(true, chunkDelay) : StreamPacing.eachEvent(chunkDelay);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        FakeUpstream upstream = FakeUpstream.start(Loopback.HOST, port, pacing);
        Runtime.getRuntime().addShutdownHook(new Thread(upstream::close, "upstream-shutdown"));
        if (portFile != null) {
            // written whole, then renamed, so a reader never sees a half-written port
            Path partial = portFile.resolveSibling(portFile.getFileName() + ".partial");
            Files.writeString(partial, Integer.toString(upstream.port()), StandardCharsets.UTF_8);
            Files.move(partial, portFile);
        }
        spec.commandLine().getOut().println("fake upstream listening on http://" + Loopback.HOST + ":" + upstream.port());
        spec.commandLine().getOut().flush();
        upstream.awaitTermination();
        return 0;
    }
}
