package io.modelproxy.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code run}: drives the load at every target, prints the table and saves the raw results. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Benchmark targets in turns and print requests/s, latency, time to first byte and CPU per request.")
final class RunCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--target", required = true, paramLabel = "NAME=URL[,pid=PID]",
            description = "A target, in turn order; pid: its proxy process, whose CPU time is measured. "
                    + "Name the upstream itself 'direct': the ratios are to it.")
    private List<String> targets;

    @Option(names = "--upstream-pid", description = "The fake upstream's process, to report its CPU time too.")
    private Long upstreamPid;

    @Option(names = "--modes", split = ",", defaultValue = "completion,stream,messages-stream",
            description = "Any of completion, stream, messages-stream (Anthropic client translated to the Chat "
                    + "upstream: gateway only) (default: ${DEFAULT-VALUE}).")
    private List<String> modes;

    @Option(names = "--concurrency", split = ",", defaultValue = "16,64",
            description = "Requests in flight, one scenario each (default: ${DEFAULT-VALUE}).")
    private List<Integer> concurrency;

    @Option(names = "--rounds", defaultValue = "3", description = "Measured rounds per target and scenario (default: ${DEFAULT-VALUE}).")
    private int rounds;

    @Option(names = "--duration", defaultValue = "10", description = "Seconds per measured round (default: ${DEFAULT-VALUE}).")
    private double durationSeconds;

    @Option(names = "--warmup", defaultValue = "10", description = "Seconds of warm-up per target and scenario (default: ${DEFAULT-VALUE}).")
    private double warmupSeconds;

    @Option(names = "--threads", defaultValue = "2", description = "Driver event loop threads (default: ${DEFAULT-VALUE}).")
    private int threads;

    @Option(names = "--clk-tck", defaultValue = "100", description = "USER_HZ, from getconf CLK_TCK (default: ${DEFAULT-VALUE}).")
    private long clockTicks;

    @Option(names = "--ready-timeout", defaultValue = "60", description = "Seconds to wait for targets to answer (default: ${DEFAULT-VALUE}).")
    private int readySeconds;

    @Option(names = "--results", paramLabel = "DIR", description = "Save rounds.csv, summary.csv and table.txt here.")
    private Path results;

    @Option(names = "--note", description = "A line for the header, e.g. the nginx version.")
    private List<String> notes = new ArrayList<>();

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Benchmark.Plan plan = plan(err);
        err.printf(Locale.ROOT, "benchmark: %d targets, %d scenarios, warm-up %s s, %d rounds x %s s: about %d s%n",
                plan.targets().size(), plan.scenarios().size(), warmupSeconds, rounds, durationSeconds,
                plan.estimate().toSeconds());
        ProcessCpu cpu = new ProcessCpu(Path.of("/proc"), clockTicks);
        List<RoundResult> roundResults;
        try (LoadDriver driver = new LoadDriver(threads, cpu,
                upstreamPid == null ? OptionalLong.empty() : OptionalLong.of(upstreamPid))) {
            for (Target target : plan.targets()) {
                driver.awaitReady(target, Duration.ofSeconds(readySeconds));
            }
            roundResults = new Benchmark(driver, err).run(plan);
        }
        List<Summary> summaries = Benchmark.summarize(roundResults);
        String table = header(plan) + System.lineSeparator() + ResultTable.render(summaries);
        out.print(table);
        out.flush();
        if (results != null) {
            ResultFiles.write(results, roundResults, summaries, table);
            err.println("raw results in " + results);
        }
        return 0;
    }

    /** Parses the options; a gateway-only mode without a gateway target is left out, and said so. */
    private Benchmark.Plan plan(PrintWriter err) {
        List<Target> parsedTargets = new ArrayList<>();
        List<Scenario> scenarios = new ArrayList<>();
        try {
            targets.forEach(t -> parsedTargets.add(Target.parse(t)));
            boolean gateway = parsedTargets.stream().anyMatch(t -> t.name().equals(ResultTable.GATEWAY));
            for (String label : modes) {
                Mode mode = Mode.of(label);
                if (mode.gatewayOnly()) {
                    String skipped = parsedTargets.stream().map(Target::name).filter(n -> !n.equals(ResultTable.GATEWAY))
                            .collect(Collectors.joining(", "));
                    if (!gateway) {
                        err.println("benchmark: skipping mode " + mode.label() + ": only the gateway translates it, and "
                                + "there is no gateway target");
                        continue;
                    }
                    if (!skipped.isEmpty()) {
                        err.println("benchmark: mode " + mode.label() + " runs on the gateway only (" + skipped
                                + " do not speak its dialect)");
                    }
                }
                for (int c : concurrency) {
                    scenarios.add(new Scenario(mode, c));
                }
            }
            return new Benchmark.Plan(parsedTargets, scenarios, rounds, seconds(durationSeconds), seconds(warmupSeconds));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static Duration seconds(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    private String header(Benchmark.Plan plan) throws IOException {
        StringBuilder header = new StringBuilder();
        header.append(String.format(Locale.ROOT, "Model Proxy benchmark, %s, %d cores (%s), Java %s%n",
                Instant.now().truncatedTo(ChronoUnit.SECONDS), Runtime.getRuntime().availableProcessors(), cpuModel(),
                Runtime.version().feature()));
        header.append(String.format(Locale.ROOT,
                "%d rounds x %s s per target and scenario after %s s warm-up, targets in turns (reversed every other round); HTTP/1.1 keep-alive on 127.0.0.1%n",
                plan.rounds(), durationSeconds, warmupSeconds));
        notes.forEach(note -> header.append(note).append(System.lineSeparator()));
        return header.toString();
    }

    private static String cpuModel() throws IOException {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuinfo)) {
            return "unknown CPU";
        }
        return Files.readAllLines(cpuinfo, StandardCharsets.UTF_8).stream()
                .filter(line -> line.startsWith("model name"))
                .map(line -> line.substring(line.indexOf(':') + 1).strip())
                .findFirst().orElse("unknown CPU");
    }
}
