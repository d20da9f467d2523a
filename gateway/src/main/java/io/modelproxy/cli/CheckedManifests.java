package io.modelproxy.cli;

import io.modelproxy.config.CompileResult;
import io.modelproxy.config.ConfigCompiler;
import io.modelproxy.manifest.ManifestReader;
import io.modelproxy.manifest.ManifestSet;
import io.modelproxy.manifest.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Manifests read from a path and compiled, with what validate and compile print about them.
 *
 * @param label the path as the user gave it
 */
record CheckedManifests(String label, ManifestSet set, CompileResult result) {

    static CheckedManifests check(Path path, String gateway, Map<String, String> env) throws IOException {
        ManifestSet set = new ManifestReader(env).read(path);
        return new CheckedManifests(path.toString(), set, ConfigCompiler.compile(set, gateway));
    }

    /** Prints problems one per line, as {@code error: file: Kind/name: field: message}. */
    static void print(List<Problem> problems, PrintWriter to) {
        problems.forEach(to::println);
    }

    /** {@code PATH: OK — 7 providers, 6 models, 0 gateways; 3 warnings; 1 object of other kinds skipped}. */
    String summary(List<Problem> problems) {
        long errors = problems.stream().filter(Problem::isError).count();
        long warnings = problems.size() - errors;
        String objects = count(set.providers().size(), "provider") + ", " + count(set.logicalModels().size(), "model")
                + ", " + count(set.gateways().size(), "gateway");
        String skipped = set.skipped() == 0 ? ""
                : "; " + count(set.skipped(), "object") + " of other kinds skipped";
        return errors == 0
                ? label + ": OK — " + objects + "; " + count(warnings, "warning") + skipped
                : label + ": FAILED — " + count(errors, "error") + ", " + count(warnings, "warning") + "; "
                        + objects + skipped;
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
