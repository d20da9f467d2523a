package io.modelproxy.cli;

import io.modelproxy.bundle.ExportResult;
import io.modelproxy.bundle.modelproxy.ModelProxyExport;
import io.modelproxy.manifest.ManifestReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code model-proxy export PATH --to model-proxy-bundle}: manifests back into the original Model-Proxy's bundle. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {
            "Export manifests as a Model-Proxy bundle JSON (stdout, or --out FILE). Keys are exported as the",
            "environment variables they come from; values only with --include-secret-values.",
            "What the bundle cannot hold is reported on stderr."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:exported (warnings allowed)", "1:the manifests cannot be read", "2:usage error"})
final class ExportCommand implements Callable<Integer> {
    private static final String BUNDLE = "model-proxy-bundle";

    private final Map<String, String> env;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PATH", description = "A manifest file, or a directory read recursively.")
    Path path;

    @Option(names = "--to", paramLabel = "FORMAT", required = true, description = "model-proxy-bundle.")
    String to;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the bundle here (default: stdout).")
    Path out;

    @Option(names = "--include-secret-values",
            description = "Write key values (from the Secrets, or the environment for $${VAR} entries) into the bundle.")
    boolean includeSecretValues;

    ExportCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws IOException {
        if (!to.equals(BUNDLE)) {
            throw new ParameterException(spec.commandLine(), "unknown format " + to + " (expected " + BUNDLE + ")");
        }
        // no environment: each ${VAR} key stays known by its variable, never by its value
        ExportResult result = ModelProxyExport.export(new ManifestReader(Map.of()).read(path), env, includeSecretValues);
        PrintWriter err = spec.commandLine().getErr();
        result.notes().forEach(err::println);
        if (result.hasErrors()) {
            err.println(path + ": FAILED — nothing exported");
            return Main.FAILED;
        }
        if (out == null) {
            spec.commandLine().getOut().print(result.text());
        } else {
            Files.writeString(out, result.text());
            err.println("wrote " + out);
        }
        return 0;
    }
}
