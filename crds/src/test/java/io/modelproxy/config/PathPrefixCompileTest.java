package io.modelproxy.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelproxy.manifest.ManifestReader;
import io.modelproxy.manifest.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A ModelGateway's spec.pathPrefixes: each compiled to the names of the models its selector picks among the gateway's. */
class PathPrefixCompileTest {
    private static final String MODELS = """
            apiVersion: modelproxy.io/v1alpha1
            kind: Provider
            metadata: {name: mock}
            spec: {protocol: Mock}
            ---
            apiVersion: modelproxy.io/v1alpha1
            kind: LogicalModel
            metadata: {name: alpha, labels: {team: a, tier: prod}}
            spec: {routes: [{provider: mock, model: m}]}
            ---
            apiVersion: modelproxy.io/v1alpha1
            kind: LogicalModel
            metadata: {name: beta, labels: {team: b, tier: prod}}
            spec: {modelName: openai/beta, routes: [{provider: mock, model: m}]}
            ---
            apiVersion: modelproxy.io/v1alpha1
            kind: LogicalModel
            metadata: {name: gamma, labels: {team: a, tier: dev}}
            spec: {routes: [{provider: mock, model: m}]}
            ---
            """;

    @TempDir
    Path dir;

    private CompileResult compile(String gatewaySpec) throws IOException {
        Path file = dir.resolve("manifests.yaml");
        Files.writeString(file, MODELS + """
                apiVersion: modelproxy.io/v1alpha1
                kind: ModelGateway
                metadata: {name: gw}
                spec:
                %s
                """.formatted(gatewaySpec.indent(2).stripTrailing()));
        return ConfigCompiler.compile(new ManifestReader(Map.of()).read(file), null);
    }

    private static List<String> messages(CompileResult result) {
        return result.problems().stream().map(p -> (p.isError() ? "error " : "warning ") + p.field() + ": " + p.message()).toList();
    }

    @Test
    void resolvesEachSelectorAmongTheGatewaysModels() throws IOException {
        CompileResult result = compile("""
                modelSelector: {matchLabels: {tier: prod}}
                pathPrefixes:
                  - {prefix: /team-a, modelSelector: {matchLabels: {team: a}}}
                  - {prefix: /ci/bots, modelSelector: {matchExpressions: [{key: team, operator: In, values: [a, b]}]}}
                  - {prefix: /everything}""");

        assertThat(result.problems()).isEmpty();
        assertThat(result.config().gateway().pathPrefixes()).containsExactly(
                new PathPrefix("/team-a", List.of("alpha")),
                new PathPrefix("/ci/bots", List.of("alpha", "openai/beta")),
                new PathPrefix("/everything", null));
    }

    @Test
    void refusesReservedDuplicateAndMalformedPrefixesAndBadSelectors() throws IOException {
        CompileResult result = compile("""
                pathPrefixes:
                  - {prefix: /openai}
                  - {prefix: /v1}
                  - {prefix: /team-a}
                  - {prefix: /team-a}
                  - {prefix: team-b/}
                  - {prefix: /team-c, modelSelector: {matchExpressions: [{key: team, operator: Near}]}}
                  - {prefix: /team-d, modelSelector: {matchLabels: {team: d}}}""");

        assertThat(messages(result)).contains(
                "error spec.pathPrefixes[0].prefix: /openai is a path the gateway serves itself; choose another prefix",
                "error spec.pathPrefixes[1].prefix: /v1 is a path the gateway serves itself; choose another prefix",
                "error spec.pathPrefixes[3].prefix: /team-a is listed twice",
                "error spec.pathPrefixes[5].modelSelector.matchExpressions[0].operator: must be one of In, NotIn, Exists, DoesNotExist",
                "warning spec.pathPrefixes[6].modelSelector: selects none of the models this gateway serves; every request"
                        + " under /team-d will be answered 404");
        assertThat(result.problems()).filteredOn(Problem::isError).extracting(Problem::field)
                .contains("spec.pathPrefixes[4].prefix");
    }
}
