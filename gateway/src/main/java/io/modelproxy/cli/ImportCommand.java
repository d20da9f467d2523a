package io.modelproxy.cli;

import io.modelproxy.bundle.ImportOptions;
import io.modelproxy.bundle.ImportResult;
import io.modelproxy.bundle.ManifestYaml;
import io.modelproxy.bundle.formats.SourceFormat;
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

/** {@code model-proxy import SOURCE}: converts another proxy's configuration into manifests. */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {
            "Convert a Model-Proxy bundle or config directory, a LiteLLM config.yaml or a python-llm-proxy",
            "config.yaml into Provider, LogicalModel, ModelGateway and Secret manifests.",
            "The report (every field with no equivalent, every error) goes to stderr; keys become $${VAR}",
            "entries unless --include-secret-values, and the variables to set are listed."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:converted (warnings allowed)", "1:errors in the source (nothing written)", "2:usage error"})
final class ImportCommand implements Callable<Integer> {
    private final Map<String, String> env;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SOURCE", description = "The file or Model-Proxy config directory to convert.")
    Path source;

    @Option(names = "--from", paramLabel = "FORMAT", defaultValue = "auto",
            description = "auto (default), model-proxy, litellm or python-llm-proxy.")
    String from;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Write providers.yaml, models.yaml, gateways.yaml and secrets.yaml here (default: stdout).")
    Path out;

    @Option(names = "--namespace", paramLabel = "NS", description = "metadata.namespace of every object.")
    String namespace;

    @Option(names = "--include-secret-values",
            description = "Write the key values the source holds into the Secrets (default: $${VAR} entries).")
    boolean includeSecretValues;

    ImportCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws IOException {
        SourceFormat format;
        try {
            format = from.equals("auto") ? SourceFormat.detect(source) : SourceFormat.of(from);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        ImportResult result = format.read(source, new ImportOptions(namespace, includeSecretValues, env));
        PrintWriter err = spec.commandLine().getErr();
        result.notes().forEach(err::println);
        long errors = result.errors().size();
        if (errors > 0) {
            err.println(source + ": FAILED — " + errors + " error" + (errors == 1 ? "" : "s") + ", nothing written");
            return Main.FAILED;
        }
        if (out == null) {
            spec.commandLine().getOut().print(ManifestYaml.all(result.objects()));
        } else {
            Files.createDirectories(out);
            for (Map.Entry<String, String> file : ManifestYaml.files(result.objects()).entrySet()) {
                Files.writeString(out.resolve(file.getKey()), file.getValue());
                err.println("wrote " + out.resolve(file.getKey()));
            }
        }
        if (!result.variables().isEmpty()) {
            err.println("set these environment variables before serving: " + String.join(", ", result.variables()));
        }
        long warnings = result.notes().stream().filter(n -> !n.isError()).count();
        err.println(source + ": OK — " + result.objects().providers().size() + " providers, "
                + result.objects().logicalModels().size() + " models; " + warnings + " warning"
                + (warnings == 1 ? "" : "s"));
        return 0;
    }
}
