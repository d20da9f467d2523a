package io.modelproxy.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code model-proxy version}: prints the version, like {@code --version}. */
@Command(name = "version", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Print the version of this build.")
final class VersionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println("model-proxy " + Version.current());
        return 0;
    }
}
