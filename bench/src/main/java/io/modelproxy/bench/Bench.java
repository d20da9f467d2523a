package io.modelproxy.bench;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The benchmark's command line, driven by {@code scripts/bench}: {@code upstream} runs the fake upstream,
 * {@code gateway-setup} writes the gateway's config, {@code free-port} picks ports, {@code run} drives
 * the load and prints the table.
 */
@Command(name = "model-proxy-bench", mixinStandardHelpOptions = true,
        description = "Load driver and fake upstream of ./scripts/bench.",
        subcommands = {UpstreamCommand.class, GatewaySetupCommand.class, FreePortCommand.class, RunCommand.class,
                IdleStreamsCommand.class,
                CommandLine.HelpCommand.class})
public final class Bench {
    static final int FAILED = 1;

    private Bench() {}

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Bench());
        // a benchmark failure is a message for the person running it, not a stack trace
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            err.println("model-proxy-bench " + commandLine.getCommandName() + ": " + message(e));
            err.flush();
            return FAILED;
        });
        return cli;
    }

    private static String message(Exception e) {
        return e instanceof BenchmarkException || e.getMessage() != null && !e.getMessage().isBlank()
                ? e.getMessage() : e.getClass().getSimpleName();
    }
}
