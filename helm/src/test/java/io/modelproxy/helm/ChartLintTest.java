package io.modelproxy.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.modelproxy.helm.Chart.ValueSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code helm lint --strict} (warnings fail too) for the defaults and for each documented value set.
 * Lint reads only the chart's own values.yaml, so each set is linted as a copy of the chart whose
 * values.yaml is the defaults with the set merged in, as Helm merges {@code -f}.
 */
class ChartLintTest {
    private static final YAMLMapper YAML = new YAMLMapper();

    @TempDir
    Path temp;

    static Stream<ValueSet> valueSets() {
        return ValueSet.documented().stream();
    }

    @ParameterizedTest
    @MethodSource("valueSets")
    void lintIsCleanInStrictMode(ValueSet values) throws IOException {
        Path chart = values.file().isEmpty() ? Chart.DIR : copyWithValues(values.file().get());

        LintResult result = new Helm(chart).lint().strict().call();

        assertThat(result.isFailed()).as("lint messages: %s", result.getMessages()).isFalse();
        assertThat(result.getMessages()).noneMatch(message -> message.contains("[WARNING]") || message.contains("[ERROR]"));
    }

    @Test
    void lintFailsOnABrokenTemplate() throws IOException {
        Path chart = copyWithValues(null);
        Files.writeString(chart.resolve("templates/broken.yaml"), "kind: ConfigMap\nmetadata: {name: {{ .Values.nope.deeper }}}\n");

        LintResult result = new Helm(chart).lint().strict().call();

        assertThat(result.isFailed()).isTrue();
        assertThat(String.join("\n", result.getMessages())).contains("broken.yaml");
    }

    /** A copy of the chart in a temporary directory, with {@code overrides} merged into its values.yaml. */
    private Path copyWithValues(Path overrides) throws IOException {
        Path copy = temp.resolve("model-proxy");
        try (Stream<Path> files = Files.walk(Chart.DIR)) {
            for (Path file : files.toList()) {
                Path target = copy.resolve(Chart.DIR.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        if (overrides != null) {
            JsonNode values = YAML.readTree(Chart.DIR.resolve("values.yaml").toFile());
            merge((ObjectNode) values, YAML.readTree(overrides.toFile()));
            YAML.writeValue(copy.resolve("values.yaml").toFile(), values);
        }
        return copy;
    }

    /** Helm's merge: maps merge key by key, anything else replaces. */
    private static void merge(ObjectNode target, JsonNode overrides) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = overrides.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode existing = target.get(field.getKey());
            if (existing instanceof ObjectNode object && field.getValue().isObject()) {
                merge(object, field.getValue());
            } else {
                target.set(field.getKey(), field.getValue());
            }
        }
    }
}
