package io.modelproxy.admin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelproxy.admin.api.AdminFixture;
import io.modelproxy.config.ConfigCompiler;
import io.modelproxy.manifest.ManifestReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Import and export in Chromium, over a manifest directory: upload the original Model-Proxy's bundle (the
 * checked-in migration example), see the dry run (added, changed, keys, notes) with nothing written, apply
 * it and find it in the files; an import that would break the manifests is refused with its problems;
 * the exports hold every object and no key value unless asked.
 */
class ImportExportBrowserTest {
    private static final Path BUNDLE = Path.of("..", "examples", "migration", "model-proxy", "bundle.json");
    /** Key values the example bundle holds: they are imported only when asked. */
    private static final List<String> BUNDLE_KEYS = List.of("gsk-live-aaaa1111", "gsk-live-bbbb2222", "sk-ant-live-dddd4444");

    @RegisterExtension
    static final Chromium chromium = new Chromium();

    @RegisterExtension
    static final AdminFixture.DirectoryAdmin server = new AdminFixture.DirectoryAdmin("admin-import-test");

    @BeforeAll
    static void logIn() {
        chromium.logIn("http://127.0.0.1:" + server.httpPort());
    }

    @Test
    void importABundleWithADryRunThenApplyItAndExportEverything() throws IOException {
        String before = snapshot();
        chromium.open("Import / Export");
        chromium.browser.findElement(By.id("import-file")).sendKeys(BUNDLE.toAbsolutePath().normalize().toString());
        chromium.browser.findElement(By.id("import-dry-run")).click();
        chromium.waitForText(By.id("import-status"), "Dry run of a model-proxy file: nothing is written yet.");
        assertThat(text("tr[data-object='Provider/groq']")).contains("changed");
        assertThat(text("tr[data-object='Provider/anthropic']")).contains("added");
        assertThat(chromium.browser.findElement(By.id("import-keys")).getText())
                .contains("Secret groq-keys, key GROQ_API_KEY from ${GROQ_API_KEY}: will be set");
        assertThat(chromium.browser.findElement(By.id("import-notes")).getText()).contains("warning");
        chromium.shot("import-dry-run");
        assertThat(snapshot()).as("a dry run writes nothing").isEqualTo(before);
        BUNDLE_KEYS.forEach(key -> assertThat(chromium.browser.getPageSource()).doesNotContain(key));

        chromium.browser.findElement(By.id("import-apply")).click();
        chromium.wait.until(d -> !d.findElements(By.id("import-error")).isEmpty()
                || d.findElement(By.id("import-status")).getText().startsWith("Applied"));
        assertThat(chromium.browser.findElements(By.id("import-error"))).extracting(e -> e.getText()).isEmpty();
        assertThat(chromium.browser.findElement(By.id("import-status")).getText())
                .isEqualTo("Applied: the manifests are written.");
        chromium.shot("import-applied");
        assertThat(Files.readString(server.dir().resolve("providers.yaml")))
                .startsWith("# Providers of the test: the comment must survive edits of other documents.")
                .contains("name: anthropic", "baseUrl: https://api.groq.com/openai/v1");
        assertThat(Files.readString(server.dir().resolve("secrets.yaml")))
                .contains(AdminFixture.UPSTREAM_KEY, "GROQ_API_KEY: \"${GROQ_API_KEY}\"");
        String all = snapshot();
        BUNDLE_KEYS.forEach(key -> assertThat(all).doesNotContain(key));
        Map<String, String> env = Map.of("GROQ_API_KEY", "g1", "GROQ_API_KEY_2", "g2", "ANTHROPIC_API_KEY", "a1");
        assertThat(ConfigCompiler.compile(new ManifestReader(env).read(server.dir()), null).errors()).isEmpty();

        // the exports, as the page's links fetch them
        String yaml = chromium.fetch("/v1/admin/export?format=yaml");
        assertThat(yaml).contains("kind: Provider", "name: anthropic", "kind: LogicalModel", "name: fast")
                .doesNotContain("kind: Secret", AdminFixture.UPSTREAM_KEY);
        assertThat(chromium.browser.findElement(By.id("export-bundle")).getAttribute("href"))
                .doesNotContain("includeSecretValues");
        String bundle = chromium.fetch("/v1/admin/export?format=bundle");
        assertThat(bundle).contains("\"version\" : \"1.0.0\"", "\"name\" : \"anthropic\"")
                .doesNotContain(AdminFixture.UPSTREAM_KEY);
        chromium.browser.findElement(By.id("export-secrets")).click();
        chromium.wait.until(d -> d.findElement(By.id("export-bundle")).getAttribute("href").contains("includeSecretValues=true"));
        assertThat(chromium.fetch("/v1/admin/export?format=bundle&includeSecretValues=true"))
                .as("key values only when asked").contains(AdminFixture.UPSTREAM_KEY);
        chromium.shot("export");
    }

    @Test
    void anImportThatWouldBreakTheManifestsIsRefusedWithItsProblems() throws IOException {
        Path config = Files.createTempDirectory("admin-import-refused").resolve("config.yaml");
        Files.writeString(config, """
                model_list:
                  - model_name: quick
                    litellm_params: {model: openai/gpt-4o, api_key: os.environ/OPENAI_API_KEY}
                router_settings:
                  model_group_alias: {fast: quick}
                """);
        String before = snapshot();
        chromium.open("Import / Export");
        chromium.browser.findElement(By.id("import-file")).sendKeys(config.toString());
        chromium.browser.findElement(By.id("import-dry-run")).click();
        chromium.waitForText(By.id("import-status"), "This import cannot be applied");
        chromium.waitForText(By.id("import-problems"), "alias fast is already");
        assertThat(chromium.browser.findElement(By.id("import-apply")).isEnabled()).isFalse();
        chromium.shot("import-refused");
        assertThat(snapshot()).isEqualTo(before);
    }

    private static String text(String css) {
        return chromium.wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css))).getText();
    }

    /** Every file of the directory, concatenated. */
    private static String snapshot() throws IOException {
        StringBuilder all = new StringBuilder();
        for (Path file : ManifestReader.files(server.dir())) {
            all.append(file.getFileName()).append('\n').append(Files.readString(file));
        }
        return all.toString();
    }
}
