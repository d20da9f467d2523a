package io.modelproxy.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.modelproxy.api.LogicalModel;
import io.modelproxy.api.ModelGateway;
import io.modelproxy.api.Provider;
import io.modelproxy.operator.OperatorSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What ties the chart to the build: its CRDs are the ones generated from the API types, and its
 * version and appVersion are the project's, so the images it defaults to are the ones this checkout
 * builds. The chart is used as it is in the checkout (no filtering), hence tests instead of a build step.
 */
class ChartMetadataTest {
    private static final Path CRDS = Chart.DIR.resolve("crds");
    private static final List<Class<? extends HasMetadata>> KINDS = List.of(LogicalModel.class, ModelGateway.class, Provider.class);

    /** The file name the CRD generator gives a kind: {@code <plural>.<group>-v1.yml}. */
    private static String crdFile(Class<? extends HasMetadata> kind) {
        return HasMetadata.getPlural(kind) + "." + HasMetadata.getGroup(kind) + "-v1.yml";
    }

    @ParameterizedTest
    @ValueSource(classes = {LogicalModel.class, ModelGateway.class, Provider.class})
    void theChartsCrdIsTheGeneratedOne(Class<? extends HasMetadata> kind) throws IOException {
        String file = crdFile(kind);
        String generated;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/fabric8/" + file)) {
            assertThat(in).as("generated %s on the classpath (the crds module's output)", file).isNotNull();
            generated = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(CRDS.resolve(file)).as("helm/model-proxy/crds/%s is stale: cp crds/target/classes/META-INF/fabric8/*.yml"
                + " helm/model-proxy/crds/ (crds/*.yml is the same file) and commit it", file).hasContent(generated);
    }

    @Test
    void theChartHoldsNoOtherCrd() throws IOException {
        try (Stream<Path> files = Files.list(CRDS)) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(KINDS.stream().map(ChartMetadataTest::crdFile).toList());
        }
    }

    @Test
    void versionAndAppVersionAreTheProjectVersion() throws IOException {
        String projectVersion = System.getProperty("project.version");
        assertThat(projectVersion).as("set by surefire from the POM").isNotBlank();
        JsonNode chart = new YAMLMapper().readTree(Chart.DIR.resolve("Chart.yaml").toFile());

        assertThat(chart.path("version").asText()).as("Chart.yaml version").isEqualTo(projectVersion);
        assertThat(chart.path("appVersion").asText()).as("Chart.yaml appVersion").isEqualTo(projectVersion);
        assertThat(OperatorSettings.version()).as("the operator's own version").isEqualTo(projectVersion);
    }
}
