package io.modelproxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example directory passes {@code model-proxy validate}: what users copy must compile. Kinds of
 * other groups (a Kustomization, an Argo CD Application, a SealedSecret) are skipped by the validator.
 */
class ExamplesTest {
    private static final Path EXAMPLES = Path.of("..", "examples");

    /** migration/ holds other proxies' configs next to their converted manifests: only the manifests are ours. */
    static List<String> exampleDirectories() throws IOException {
        try (Stream<Path> entries = Files.list(EXAMPLES); Stream<Path> migrations = Files.list(EXAMPLES.resolve("migration"))) {
            return Stream.concat(entries.filter(Files::isDirectory).filter(d -> !d.endsWith("migration")),
                            migrations.map(d -> d.resolve("manifests")).filter(Files::isDirectory))
                    .map(Path::toString).sorted().toList();
        }
    }

    @ParameterizedTest
    @MethodSource("exampleDirectories")
    void everyExampleIsValid(String directory) {
        Cli cli = Cli.run("validate", directory);

        assertThat(cli.exitCode()).as(cli.out()).isZero();
        assertThat(cli.out()).contains(directory + ": OK");
        assertThat(cli.err()).isEmpty();
    }

    /** The cluster examples hold their keys in Secrets (placeholders), so they are clean even strictly. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            ../examples/kubernetes | 3 providers, 3 models, 1 gateway; 0 warnings; 1 object of other kinds skipped
            ../examples/gitops     | 2 providers, 3 models, 1 gateway; 0 warnings; 7 objects of other kinds skipped
            """)
    void theClusterExamplesAreCleanStrictly(String directory, String summary) {
        assertThat(Cli.run("validate", "--strict", directory)).isEqualTo(new Cli(0, directory + ": OK — " + summary + "\n", ""));
    }
}
