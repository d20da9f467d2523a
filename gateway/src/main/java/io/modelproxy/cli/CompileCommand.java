package io.modelproxy.cli;

import io.modelproxy.config.CompileResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code model-proxy compile PATH}: prints the GatewayConfig JSON the gateway would run from. */
@Command(
        name = "compile",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {
            "Compile manifests into the GatewayConfig JSON document and print it on stdout.",
            "Keys appear only as references (secret, key), never by value. Problems go to stderr."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:compiled (warnings on stderr)", "1:errors found (nothing on stdout), or PATH cannot be read",
            "2:usage error"})
final class CompileCommand implements Callable<Integer> {
    private final Map<String, String> env;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PATH", description = "A manifest file, or a directory read recursively (.yaml, .yml, .json).")
    Path path;

    @Option(names = "--gateway", paramLabel = "NAME",
            description = "The ModelGateway to compile (default: the only one; standalone defaults when there is none).")
    String gateway;

    CompileCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws IOException {
        CheckedManifests checked = CheckedManifests.check(path, gateway, env);
        CompileResult result = checked.result();
        PrintWriter err = spec.commandLine().getErr();
        CheckedManifests.print(result.problems(), err);
        if (result.hasErrors()) {
            err.println(checked.summary(result.problems()));
            return Main.FAILED;
        }
        spec.commandLine().getOut().println(result.config().toJson());
        return 0;
    }
}
