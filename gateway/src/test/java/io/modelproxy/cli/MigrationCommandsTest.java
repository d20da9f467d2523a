package io.modelproxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code model-proxy import} and {@code export}: exit codes, files, and no key value anywhere unless asked. */
class MigrationCommandsTest {
    private static final String BUNDLE = "../examples/migration/model-proxy/bundle.json";
    private static final String LITELLM = "../examples/migration/litellm/config.yaml";
    private static final List<String> KEYS = List.of("gsk-live-aaaa1111", "gsk-live-bbbb2222", "gsk-live-cccc3333",
            "sk-ant-live-dddd4444", "sk-or-live-eeee5555", "sk-openai-7777");
    private static final Map<String, String> ENV = Map.of("OPENAI_API_KEY", "sk-openai-7777");

    @TempDir
    Path dir;

    @Test
    void noKeyValueReachesStdoutStderrOrFilesUnlessAsked() throws Exception {
        Cli toStdout = Cli.run(ENV, "import", BUNDLE);
        Cli litellm = Cli.run(ENV, "import", LITELLM, "--out", dir.toString());
        Cli export = Cli.run(ENV, "export", dir.toString(), "--to", "model-proxy-bundle");

        assertThat(List.of(toStdout.exitCode(), litellm.exitCode(), export.exitCode())).containsOnly(0);
        StringBuilder everything = new StringBuilder(toStdout.out() + toStdout.err() + litellm.out() + litellm.err()
                + export.out() + export.err());
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                everything.append(Files.readString(file));
            }
        }
        KEYS.forEach(key -> assertThat(everything.toString()).doesNotContain(key));
        assertThat(toStdout.out()).contains("kind: Provider", "GROQ_API_KEY: \"${GROQ_API_KEY}\"");
        assertThat(toStdout.err()).contains("set these environment variables before serving: ANTHROPIC_API_KEY, "
                + "GROQ_API_KEY, GROQ_API_KEY_2, GROQ_SPARE_KEY", "warning: ", "OK — 3 providers, 2 models; 7 warnings");
        assertThat(export.out()).contains("\"env_var_patterns\"", "OPENROUTER_API_KEY").doesNotContain("\"environment\"");

        Cli with = Cli.run(ENV, "import", BUNDLE, "--include-secret-values");
        assertThat(with.out()).contains("GROQ_API_KEY: gsk-live-aaaa1111");
        Cli exportWith = Cli.run(ENV, "export", dir.toString(), "--to", "model-proxy-bundle", "--include-secret-values");
        assertThat(exportWith.out()).contains("\"OPENAI_API_KEY\" : \"sk-openai-7777\"");
    }

    @Test
    void errorsExitOneAndUsageErrorsExitTwo() throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"setup\": {\"providers\": [{\"name\": \"p\", \"endpoints\": {}}]}}");

        Cli failed = Cli.run("import", bad.toString(), "--out", dir.resolve("out").toString());
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.err()).contains("error: " + bad + ": provider p: endpoints.base_url: required but missing",
                "FAILED — 1 error, nothing written");
        assertThat(dir.resolve("out")).doesNotExist();

        assertThat(Cli.run("import", BUNDLE, "--from", "nginx").exitCode()).isEqualTo(2);
        assertThat(Cli.run("import").exitCode()).isEqualTo(2);
        assertThat(Cli.run("export", dir.toString(), "--to", "helm").exitCode()).isEqualTo(2);
        assertThat(Cli.run("import", dir.resolve("missing.yaml").toString()).exitCode()).isEqualTo(1);
    }
}
