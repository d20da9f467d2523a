package io.modelproxy.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelproxy.bundle.formats.SourceFormat;
import io.modelproxy.bundle.modelproxy.ModelProxyExport;
import io.modelproxy.config.CompileResult;
import io.modelproxy.config.ConfigCompiler;
import io.modelproxy.manifest.ManifestReader;
import io.modelproxy.manifest.ManifestSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The three importers on the checked-in examples, the bundle round trip, and bad input. */
class MigrationImportTest {
    private static final Path EXAMPLES = Path.of("..", "examples", "migration");
    private static final List<String> KEY_VALUES = List.of("gsk-live-aaaa1111", "gsk-live-bbbb2222", "gsk-live-cccc3333",
            "sk-ant-live-dddd4444", "sk-or-live-eeee5555", "sk-ant-live-ffff6666");

    @TempDir
    Path dir;

    private static Path source(String format) {
        return EXAMPLES.resolve(format).resolve(format.equals("model-proxy") ? "bundle.json" : "config.yaml");
    }

    private static ImportResult convert(String format) throws IOException {
        Path source = source(format);
        return SourceFormat.detect(source).read(source, ImportOptions.defaults());
    }

    /** Reads and compiles as {@code model-proxy validate} does, with the variables the report lists set. */
    private CompileResult validate(String yaml, ImportResult result) throws IOException {
        Path file = dir.resolve("all.yaml");
        Files.writeString(file, yaml);
        Map<String, String> env = new java.util.HashMap<>();
        result.variables().forEach(v -> env.put(v, "set-" + v));
        ManifestSet set = new ManifestReader(env).read(file);
        return ConfigCompiler.compile(set, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"model-proxy", "litellm", "python-llm-proxy"})
    void eachExampleConvertsValidatesAndIsCheckedInCurrent(String format) throws IOException {
        ImportResult result = convert(format);

        assertThat(result.errors()).isEmpty();
        String yaml = ManifestYaml.all(result.objects());
        CompileResult compiled = validate(yaml, result);
        assertThat(compiled.problems()).isEmpty();
        assertThat(compiled.config().models()).isNotEmpty();
        assertThat(yaml).doesNotContain("\nstatus:", "uid:", "resourceVersion:", "managedFields:");
        KEY_VALUES.forEach(key -> assertThat(yaml).doesNotContain(key));
        result.notes().forEach(note -> KEY_VALUES.forEach(key -> assertThat(note.toString()).doesNotContain(key)));
        // deterministic: same input, same bytes
        assertThat(ManifestYaml.all(convert(format).objects())).isEqualTo(yaml);
        // the example's converted manifests are current
        Path manifests = EXAMPLES.resolve(format).resolve("manifests");
        Map<String, String> files = ManifestYaml.files(result.objects());
        try (var listing = Files.list(manifests)) {
            assertThat(listing.map(p -> p.getFileName().toString()).sorted().toList())
                    .isEqualTo(files.keySet().stream().sorted().toList());
        }
        for (Map.Entry<String, String> file : files.entrySet()) {
            assertThat(Files.readString(manifests.resolve(file.getKey())))
                    .as("examples/migration/%s/manifests/%s is stale: run model-proxy import --out", format, file.getKey())
                    .isEqualTo(file.getValue());
        }
    }

    @Test
    void modelProxyMapsRoutesKeysErrorTablesAndReportsWhatHasNoEquivalent() throws IOException {
        ImportResult result = convert("model-proxy");
        String yaml = ManifestYaml.all(result.objects());

        assertThat(result.variables()).containsExactly("ANTHROPIC_API_KEY", "GROQ_API_KEY", "GROQ_API_KEY_2",
                "GROQ_SPARE_KEY");
        assertThat(yaml).contains("baseUrl: https://api.anthropic.com/v1", "action: CooldownKeyForModel",
                "cooldownSeconds: 20", "modelproxy.io/display-name: Groq Cloud", "provider: groq-groq-spare",
                "GROQ_SPARE_KEY: \"${GROQ_SPARE_KEY}\"");
        assertThat(yaml).doesNotContain("legacy-azure");
        assertThat(result.warnings()).extracting(Note::display).anyMatch(n -> n.contains("hedged_routing"))
                .anyMatch(n -> n.contains("error_handling.503.action: cooldown is imported as FallBack"))
                .anyMatch(n -> n.contains("the route to legacy-azure/gpt-4o is left out"));
    }

    @Test
    void literalKeysAreWrittenOnlyWhenAsked() throws IOException {
        Path source = source("model-proxy");
        ImportResult with = SourceFormat.MODEL_PROXY.read(source, new ImportOptions("team", true, Map.of()));

        String yaml = ManifestYaml.all(with.objects());
        assertThat(yaml).contains("GROQ_API_KEY: gsk-live-aaaa1111", "namespace: team");
        assertThat(with.variables()).isEmpty();
    }

    @Test
    void litellmGroupsFallbacksAndLeftOutEntries() throws IOException {
        ImportResult result = convert("litellm");
        String yaml = ManifestYaml.all(result.objects());

        assertThat(yaml).contains("strategy: Weighted", "weight: 600", "weight: 300",
                "baseUrl: https://eu.openai.azure.com/openai/v1", "header: api-key", "contextWindow: 200000",
                "cooldownSeconds: 30",
                "OPENROUTER_API_KEY: \"${OPENROUTER_API_KEY}\"");
        assertThat(yaml).doesNotContain("titan", "bedrock", "sk-or-live");
        assertThat(result.warnings()).extracting(Note::display)
                .anyMatch(n -> n.contains("model_list[6] (titan)") && n.contains("bedrock/ deployments are not supported"))
                .anyMatch(n -> n.contains("model_list[7] (*)") && n.contains("wildcard"))
                .anyMatch(n -> n.contains("latency-based-routing"))
                .anyMatch(n -> n.contains("general_settings.database_url: not imported"));
        ImportResult master = SourceFormat.LITELLM.read("m.yaml", """
                model_list: [{model_name: a, litellm_params: {model: openai/gpt-4o}}]
                general_settings: {master_key: sk-master-literal}
                """, ImportOptions.defaults());
        assertThat(ManifestYaml.all(master.objects())).contains("name: gateway-clients",
                "master: \"${LITELLM_MASTER_KEY}\"").doesNotContain("sk-master-literal");
    }

    @Test
    void pythonLlmProxyForwardsTheClientCredentialWhenTheKeyIsEmpty() throws IOException {
        ImportResult result = convert("python-llm-proxy");
        String yaml = ManifestYaml.all(result.objects());

        assertThat(result.objects().providers()).filteredOn(p -> p.getMetadata().getName().equals("openai"))
                .singleElement().satisfies(p -> assertThat(p.getSpec().apiKeys()).isNullOrEmpty());
        assertThat(yaml).contains("find: You are Claude Code", "append: Answer briefly.", "port: 8080");
        assertThat(result.warnings()).extracting(Note::display)
                .anyMatch(n -> n.contains("frontend_base_url") && n.contains("served under /team-a"));
        // frontend_base_url: /team-a is a ModelGateway path prefix selecting the model by a label
        assertThat(result.objects().gateways()).singleElement().satisfies(g -> assertThat(g.getSpec().pathPrefixes())
                .singleElement().satisfies(p -> {
                    assertThat(p.prefix()).isEqualTo("/team-a");
                    assertThat(p.modelSelector().getMatchLabels()).isEqualTo(Map.of("modelproxy.io/path-prefix", "team-a"));
                }));
        assertThat(result.objects().logicalModels()).filteredOn(m -> m.getMetadata().getName().equals("gpt-4o"))
                .singleElement().satisfies(m -> assertThat(m.getMetadata().getLabels())
                        .isEqualTo(Map.of("modelproxy.io/path-prefix", "team-a")));
        assertThat(yaml).contains("port: 8080");
    }

    @Test
    void manifestsToBundleToManifestsIsByteIdentical() throws IOException {
        String first = ManifestYaml.all(convert("model-proxy").objects());
        Path file = dir.resolve("first.yaml");
        Files.writeString(file, first);

        var exported = ModelProxyExport.export(new ManifestReader(Map.of()).read(file), Map.of(), false);
        assertThat(exported.hasErrors()).isFalse();
        KEY_VALUES.forEach(key -> assertThat(exported.text()).doesNotContain(key));
        ImportResult again = SourceFormat.MODEL_PROXY.read("exported.json", exported.text(), ImportOptions.defaults());

        assertThat(again.errors()).isEmpty();
        assertThat(ManifestYaml.all(again.objects())).isEqualTo(first);
        // bundle -> manifests -> bundle keeps every mapped field: exporting again gives the same bundle
        Path second = dir.resolve("second.yaml");
        Files.writeString(second, ManifestYaml.all(again.objects()));
        assertThat(ModelProxyExport.export(new ManifestReader(Map.of()).read(second), Map.of(), false).text())
                .isEqualTo(exported.text())
                .contains("\"base_url\" : \"https://api.groq.com/openai/v1\"", "\"GROQ_API_KEY_2\"",
                        "\"action\" : \"model_key_failure\"", "\"fallback_model_routings\" : [ \"smart\" ]");
    }

    @Test
    void badInputNamesFileObjectAndField() {
        assertThat(SourceFormat.MODEL_PROXY.read("b.json", "{\"setup\": {\"providers\": [", ImportOptions.defaults())
                .errors()).singleElement().satisfies(n -> assertThat(n.toString()).startsWith("error: b.json: malformed JSON"));
        assertThat(SourceFormat.LITELLM.read("c.yaml", "model_list: [a: b: c", ImportOptions.defaults()).errors())
                .singleElement().satisfies(n -> assertThat(n.toString()).startsWith("error: c.yaml: malformed YAML"));
        assertThat(SourceFormat.MODEL_PROXY.read("m.json", """
                {"setup": {"providers": [], "models": [{"logical_name": "x",
                  "model_routings": [{"provider": "nowhere", "model": "m"}]}]}}""", ImportOptions.defaults())
                .errors()).extracting(Note::toString)
                .containsExactly("error: m.json: model x: model_routings[0].provider: provider nowhere not found");
        assertThat(SourceFormat.MODEL_PROXY.read("a.json", """
                {"setup": {"providers": [{"name": "p", "endpoints": {"base_url": "https://p.example/v1"},
                  "error_handling": {"429": {"action": "explode"}}}]}}""", ImportOptions.defaults())
                .errors()).extracting(Note::toString).singleElement().asString()
                .startsWith("error: a.json: provider p: error_handling.429.action: unknown action explode");
        assertThat(SourceFormat.LITELLM.read("l.yaml", """
                model_list:
                  - model_name: local
                    litellm_params: {model: my-finetune}
                """, ImportOptions.defaults()).errors()).extracting(Note::toString).singleElement().asString()
                .startsWith("error: l.yaml: model_list[0] (local): model_list[0].litellm_params.model: my-finetune has no provider prefix");
        assertThat(SourceFormat.PYTHON_LLM_PROXY.read("p.yaml", "models: [{frontend_model_name: x, colour: red}]",
                ImportOptions.defaults()).errors()).extracting(Note::toString)
                .contains("error: p.yaml: models[0] (x): models[0].colour: unknown field");
    }

    @Test
    void aDryRunAgainstTheCheckedInManifestsChangesNothingAndSeesAnEdit() throws IOException {
        Path manifests = EXAMPLES.resolve("model-proxy").resolve("manifests");
        ImportResult result = convert("model-proxy");

        ImportPlan same = ImportPlan.of(result, new ManifestReader(Map.of()).read(manifests));
        assertThat(same.added()).isEmpty();
        assertThat(same.changed()).isEmpty();
        assertThat(same.unchanged()).contains("Provider/groq", "LogicalModel/fast", "Secret/groq-keys");

        Files.writeString(dir.resolve("models.yaml"), Files.readString(manifests.resolve("models.yaml"))
                .replace("timeoutSeconds: 60", "timeoutSeconds: 61"));
        ImportPlan edited = ImportPlan.of(result, new ManifestReader(Map.of()).read(dir));
        assertThat(edited.changed()).containsExactly("LogicalModel/fast");
        assertThat(edited.added()).contains("Provider/groq", "Secret/groq-keys");
    }

    @Test
    void aConfigDirectoryExpandsKeyPatternsAgainstTheEnvironmentAndReportsAudioModels() throws IOException {
        Path config = dir.resolve("config");
        Files.createDirectories(config.resolve("providers"));
        Files.createDirectories(config.resolve("models"));
        Files.createDirectories(config.resolve("audio-models"));
        Files.writeString(config.resolve("providers/cerebras-eu.json"), """
                {"endpoints": {"base_url": "${CEREBRAS_URL}", "compatible_format": "openai"},
                 "authentication": {"type": "api-key-header", "header_name": "X-Key", "header_format": "Token {api_key}"},
                 "api_keys": {"env_var_patterns": ["{PROVIDER}_KEY_{INDEX}"]}}""");
        Files.writeString(config.resolve("models/qwen.json"), """
                {"model_routings": [{"provider": "cerebras-eu", "model": "qwen-3-32b", "id": "old-id"}],
                 "pricing": {"input": 0.4}}""");
        Files.writeString(config.resolve("audio-models/whisper.json"), "{}");
        Map<String, String> env = Map.of("CEREBRAS_URL", "https://api.cerebras.ai/v1/", "CEREBRAS_EU_KEY_10", "x",
                "CEREBRAS_EU_KEY_2", "y", "OTHER", "z");

        ImportResult result = SourceFormat.MODEL_PROXY.read(dir, new ImportOptions(null, false, env));

        assertThat(result.errors()).isEmpty();
        String yaml = ManifestYaml.all(result.objects());
        assertThat(yaml).contains("baseUrl: https://api.cerebras.ai/v1\n", "header: X-Key", "scheme: Token",
                "provider: cerebras-eu", "model: qwen-3-32b");
        assertThat(result.variables()).containsExactly("CEREBRAS_EU_KEY_10", "CEREBRAS_EU_KEY_2");
        assertThat(result.warnings()).extracting(Note::toString)
                .anyMatch(n -> n.contains("models/qwen.json: model qwen: pricing: not imported"))
                .anyMatch(n -> n.contains("audio-models/whisper.json: audio model whisper") && n.contains("Transcription"));
    }
}
