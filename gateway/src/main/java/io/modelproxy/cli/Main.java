package io.modelproxy.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/** The {@code model-proxy} command line: one jar, one subcommand per job. */
@Command(
        name = "model-proxy",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Model Proxy, a Kubernetes-native LLM gateway.",
        subcommands = CommandLine.HelpCommand.class,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:problems found in the manifests, they cannot be read, or the gateway cannot start", "2:usage error", "3:health: the gateway answers but is not ready", "4:health: nothing answers"})
public final class Main {
    static final int USAGE_ERROR = 2;
    static final int FAILED = 1;

    private Main() {}

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        System.exit(run(args, out, err, System.getenv()));
    }

    /**
     * Runs one command line.
     *
     * @param env the environment that {@code ${VAR}} in Secret manifests expands from
     * @return the exit code: 0 success, 1 problems or unreadable input, 2 usage error
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
        CommandLine cli = new CommandLine(new Main())
                .addSubcommand(new ValidateCommand(env))
                .addSubcommand(new CompileCommand(env))
                .addSubcommand(new ServeCommand(env))
                .addSubcommand(new ImportCommand(env))
                .addSubcommand(new ExportCommand(env))
                .addSubcommand(new AdminCommand(env))
                .addSubcommand(new HealthCommand())
                .addSubcommand(new VersionCommand());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler(Main::usageError);
        cli.setExecutionExceptionHandler(Main::failure);
        try {
            return cli.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        String name = command.getCommandSpec().qualifiedName();
        err.println(name + ": " + e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + name + " --help' for more information.");
        return USAGE_ERROR;
    }

    /** Anything a command throws becomes one line on stderr, never a stack trace. */
    private static int failure(Exception e, CommandLine command, ParseResult parseResult) {
        command.getErr().println(command.getCommandSpec().qualifiedName() + ": " + describe(e));
        return FAILED;
    }

    private static String describe(Exception e) {
        if (e instanceof NoSuchFileException missing) {
            return missing.getFile() + ": no such file or directory";
        }
        if (e instanceof AccessDeniedException denied) {
            return denied.getFile() + ": permission denied";
        }
        if (e instanceof IOException && e.getMessage() != null) {
            return e.getMessage();
        }
        return "internal error: " + e;
    }
}
