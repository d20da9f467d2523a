package io.modelproxy.cli;

import io.modelproxy.manifest.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code model-proxy validate PATH}: reads and compiles manifests, lists every problem, and says OK or FAILED. */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {
            "Check manifests as the gateway would load them: schema, references, keys, fallbacks.",
            "Prints every problem as 'severity: file: Kind/name: field: message', then a summary line."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:valid (warnings allowed, unless --strict)", "1:errors found, or PATH cannot be read",
            "2:usage error"})
final class ValidateCommand implements Callable<Integer> {
    private final Map<String, String> env;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PATH", description = "A manifest file, or a directory read recursively (.yaml, .yml, .json).")
    Path path;

    @Option(names = "--strict", description = "Treat warnings, such as an unset $${VAR} in a Secret, as errors.")
    boolean strict;

    @Option(names = "--gateway", paramLabel = "NAME",
            description = "The ModelGateway to check (default: the only one; standalone defaults when there is none).")
    String gateway;

    ValidateCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws IOException {
        CheckedManifests checked = CheckedManifests.check(path, gateway, env);
        List<Problem> problems = strict
                ? checked.result().problems().stream().map(Problem::asError).toList()
                : checked.result().problems();
        PrintWriter out = spec.commandLine().getOut();
        CheckedManifests.print(problems, out);
        // CI stays strict (any error fails), but says what a running gateway would do instead of stopping
        checked.result().heldBack().forEach(held -> out.println("a running gateway would hold back " + held.id()
                + (held.file() == null ? "" : " (" + held.file() + ")") + ": " + held.reason()
                + "; it keeps serving its last valid version, or leaves it out if it never was valid"));
        out.println(checked.summary(problems));
        return problems.stream().anyMatch(Problem::isError) ? Main.FAILED : 0;
    }
}
