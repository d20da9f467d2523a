package io.modelproxy.admin.api;

import static io.modelproxy.admin.api.AdminFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;
import io.modelproxy.config.CompileResult;
import io.modelproxy.config.ConfigCompiler;
import io.modelproxy.manifest.ManifestReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The admin API over a manifest directory: what it answers, and what lands in the files. */
class DirectoryAdminApiTest {
    static Path dir;

    @RegisterExtension
    static final ServerExtension server = new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) throws IOException {
            dir = AdminFixture.mountDirectoryAdmin(sb, "admin-dir-test");
        }
    };

    AdminFixture.Client admin;

    @BeforeEach
    void manifests() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        AdminFixture.writeManifests(dir);
        admin = AdminFixture.Client.of(server.httpUri());
    }

    @Test
    void listsAndGetsObjectsWithVersions() {
        JsonNode list = json(admin.get("/v1/admin/providers"));
        assertThat(list.path("items")).extracting(item -> item.path("name").asText()).containsExactly("openai", "groq");
        AggregatedHttpResponse one = admin.get("/v1/admin/providers/groq");
        assertThat(one.status().code()).isEqualTo(200);
        assertThat(one.headers().get("etag")).isEqualTo("\"" + json(one).path("version").asText() + "\"");
        assertThat(json(one).path("manifest").path("spec").path("baseUrl").asText()).isEqualTo("https://api.groq.com/openai/v1");
        assertThat(admin.get("/v1/admin/providers/nope").status().code()).isEqualTo(404);
        assertThat(json(admin.get("/v1/admin/providers/nope")).path("error").path("message").asText()).contains("nope");
    }

    @Test
    void anEditLandsAsAValidManifestAndKeepsTheRestOfTheFile() throws IOException {
        String version = json(admin.get("/v1/admin/providers/groq")).path("version").asText();
        AggregatedHttpResponse put = admin.put("/v1/admin/providers/groq", """
                {"spec": {"protocol": "OpenAIChat", "baseUrl": "http://127.0.0.1:9/v1", "timeoutSeconds": 15,
                          "apiKeys": [{"secretRef": {"name": "openai-keys", "key": "api-key"}}]}}""",
                "if-match", "\"" + version + "\"");
        assertThat(put.status().code()).as(put.contentUtf8()).isEqualTo(200);
        assertThat(json(put).path("changed").asBoolean()).isTrue();

        String text = Files.readString(dir.resolve("providers.yaml"));
        String firstDocument = AdminFixture.PROVIDERS.substring(0, AdminFixture.PROVIDERS.indexOf("---\n") + 4);
        assertThat(text).startsWith(firstDocument + "# the second provider\n");  // byte for byte
        assertThat(text).contains("timeoutSeconds: 15").contains("baseUrl: http://127.0.0.1:9/v1");
        CompileResult compiled = compile();
        assertThat(compiled.errors()).isEmpty();
        assertThat(compiled.config().providers()).anySatisfy(p -> assertThat(p.name()).isEqualTo("groq"));
        assertThat(Files.list(dir).map(p -> p.getFileName().toString()))
                .as("no temp file left behind").containsExactlyInAnyOrder("providers.yaml", "models.yaml", "secrets.yaml");
    }

    @Test
    void aNewObjectIsAppendedToItsKindsFile() throws IOException {
        AggregatedHttpResponse put = admin.put("/v1/admin/models/smart", """
                {"apiVersion": "modelproxy.io/v1alpha1", "kind": "LogicalModel", "metadata": {"name": "smart"},
                 "spec": {"aliases": ["gpt-4o"], "routes": [{"provider": "openai", "model": "gpt-4o"}],
                          "fallbacks": ["fast"]}}""", "if-none-match", "*");
        assertThat(put.status().code()).as(put.contentUtf8()).isEqualTo(200);
        String text = Files.readString(dir.resolve("models.yaml"));
        assertThat(text).startsWith(AdminFixture.MODELS + "---\n").contains("name: smart");
        assertThat(compile().errors()).isEmpty();
        assertThat(json(admin.get("/v1/admin/models")).path("items")).hasSize(2);

        AggregatedHttpResponse again = admin.put("/v1/admin/models/smart", "{\"spec\": {\"routes\": []}}",
                "if-none-match", "*");
        assertThat(again.status().code()).isEqualTo(409);
    }

    @Test
    void aBrokenEditIsRefusedWithTheProblemsAndNothingChanges() throws IOException {
        String before = Files.readString(dir.resolve("models.yaml"));
        AggregatedHttpResponse put = admin.put("/v1/admin/models/fast", """
                {"spec": {"routes": [{"provider": "no-such-provider", "model": "x"}]}}""");
        assertThat(put.status().code()).isEqualTo(400);
        JsonNode error = json(put).path("error");
        assertThat(error.path("message").asText()).contains("Provider no-such-provider not found");
        assertThat(error.path("field").asText()).isEqualTo("spec.routes[0].provider");
        assertThat(error.path("problems")).anySatisfy(p -> assertThat(p.path("reason").asText()).isEqualTo("ProviderNotFound"));
        assertThat(Files.readString(dir.resolve("models.yaml"))).isEqualTo(before);

        AggregatedHttpResponse schema = admin.put("/v1/admin/providers/groq", """
                {"spec": {"protocol": "Smoke", "baseUrl": "http://127.0.0.1:9"}}""");
        assertThat(schema.status().code()).isEqualTo(400);
        assertThat(json(schema).path("error").path("message").asText()).contains("must be one of");
    }

    @Test
    void aDryRunPreviewsAndValidatesWithoutWriting() throws IOException {
        String before = Files.readString(dir.resolve("models.yaml"));
        AggregatedHttpResponse put = admin.put("/v1/admin/models/fast?dryRun=true", """
                {"spec": {"routes": [{"provider": "openai", "model": "gpt-4o-mini"}]}}""");
        assertThat(put.status().code()).isEqualTo(200);
        assertThat(json(put).path("yaml").asText()).contains("kind: LogicalModel").contains("model: gpt-4o-mini");
        assertThat(Files.readString(dir.resolve("models.yaml"))).isEqualTo(before);
    }

    @Test
    void aConcurrentEditGets409() throws IOException {
        String version = json(admin.get("/v1/admin/models/fast")).path("version").asText();
        String edit = """
                {"spec": {"routes": [{"provider": "groq", "model": "%s"}]}}""";
        assertThat(admin.put("/v1/admin/models/fast", edit.formatted("first"), "if-match", version).status().code())
                .isEqualTo(200);
        String afterFirst = Files.readString(dir.resolve("models.yaml"));
        AggregatedHttpResponse second = admin.put("/v1/admin/models/fast", edit.formatted("second"), "if-match", version);
        assertThat(second.status().code()).isEqualTo(409);
        assertThat(json(second).path("error").path("message").asText()).contains("changed since it was read");
        assertThat(Files.readString(dir.resolve("models.yaml"))).isEqualTo(afterFirst).contains("model: first");

        // a change made to the file by someone else is a new version too
        String current = json(admin.get("/v1/admin/models/fast")).path("version").asText();
        Files.writeString(dir.resolve("models.yaml"), afterFirst.replace("model: first", "model: by-hand"));
        assertThat(admin.put("/v1/admin/models/fast", edit.formatted("third"), "if-match", current).status().code())
                .isEqualTo(409);
    }

    @Test
    void deleteRemovesOneDocumentAndRefusesWhatOthersNeed() throws IOException {
        AggregatedHttpResponse needed = admin.send(HttpMethod.DELETE, "/v1/admin/providers/groq", null);
        assertThat(needed.status().code()).as("fast routes to groq").isEqualTo(400);
        assertThat(admin.send(HttpMethod.DELETE, "/v1/admin/providers/openai", null).status().code()).isEqualTo(204);
        String text = Files.readString(dir.resolve("providers.yaml"));
        assertThat(text).doesNotContain("  name: openai\n").doesNotContain("api.openai.com").contains("name: groq")
                .startsWith("# Providers of the test: the comment must survive edits of other documents.\n");
        assertThat(compile().errors()).isEmpty();
        assertThat(admin.send(HttpMethod.DELETE, "/v1/admin/providers/openai", null).status().code()).isEqualTo(404);
    }

    @Test
    void keysAreWriteOnly() throws IOException {
        String newKey = "sk-test-rotated-key-0d93e";
        AggregatedHttpResponse set = admin.put("/v1/admin/secrets/openai-keys/keys/key-2",
                "{\"value\": \"" + newKey + "\"}");
        assertThat(set.status().code()).as(set.contentUtf8()).isEqualTo(200);
        assertThat(json(set).path("digest").asText()).startsWith("sha256:");
        assertThat(set.contentUtf8()).doesNotContain(newKey);
        assertThat(Files.readString(dir.resolve("secrets.yaml"))).contains("key-2: " + newKey);

        AggregatedHttpResponse keys = admin.get("/v1/admin/keys");
        assertThat(keys.contentUtf8()).doesNotContain(newKey).doesNotContain(AdminFixture.UPSTREAM_KEY);
        assertThat(json(keys).path("keys")).anySatisfy(key -> {
            assertThat(key.path("provider").asText()).isEqualTo("openai");
            assertThat(key.path("key").asText()).isEqualTo("key-2");
            assertThat(key.path("digest").asText()).isEqualTo(json(set).path("digest").asText());
        });
    }

    @Test
    void exportsEveryManifestAsYamlOrABundleWithoutKeyValuesUnlessAsked() {
        AggregatedHttpResponse export = admin.get("/v1/admin/export?format=yaml");
        assertThat(export.status().code()).isEqualTo(200);
        assertThat(export.headers().get("content-disposition")).contains("model-proxy-manifests.yaml");
        assertThat(export.contentUtf8()).contains("name: openai").contains("name: groq").contains("name: fast")
                .doesNotContain(AdminFixture.UPSTREAM_KEY).doesNotContain("kind: Secret");
        AggregatedHttpResponse bundle = admin.get("/v1/admin/export?format=bundle");
        assertThat(bundle.status().code()).isEqualTo(200);
        assertThat(bundle.headers().get("content-disposition")).contains("model-proxy-bundle.json");
        assertThat(json(bundle).path("setup").path("providers")).extracting(p -> p.path("name").asText())
                .contains("openai", "groq");
        assertThat(bundle.contentUtf8()).doesNotContain(AdminFixture.UPSTREAM_KEY);
        assertThat(admin.get("/v1/admin/export?format=bundle&includeSecretValues=true").contentUtf8())
                .contains(AdminFixture.UPSTREAM_KEY);
        assertThat(json(admin.get("/v1/admin/export?format=bundle&report=true")).path("exportable").asBoolean()).isTrue();
    }

    @Test
    void anImportIsPlannedThenAppliedThroughTheStore() throws IOException {
        String config = """
                model_list:
                  - model_name: quick
                    litellm_params: {model: openai/gpt-4o-mini, api_key: os.environ/OPENAI_API_KEY}
                  - model_name: fast
                    litellm_params: {model: groq/llama-3.3-70b-versatile, api_key: os.environ/GROQ_API_KEY}
                router_settings:
                  fallbacks: [{quick: [fast]}]
                  routing_strategy: usage-based-routing
                """;
        String before = Files.readString(dir.resolve("models.yaml"));
        AggregatedHttpResponse plan = admin.send(HttpMethod.POST, "/v1/admin/import?dryRun=true&name=config.yaml",
                config);
        assertThat(plan.status().code()).as(plan.contentUtf8()).isEqualTo(200);
        JsonNode body = json(plan);
        assertThat(body.path("format").asText()).isEqualTo("litellm");
        assertThat(body.path("applicable").asBoolean()).as(plan.contentUtf8()).isTrue();
        assertThat(body.path("objects")).extracting(o -> o.path("kind").asText() + "/" + o.path("name").asText()
                + "=" + o.path("action").asText())
                .contains("LogicalModel/quick=added", "LogicalModel/fast=unchanged", "Provider/groq=changed");
        assertThat(body.path("notes")).anySatisfy(n -> assertThat(n.path("message").asText()).contains("usage-based-routing"));
        assertThat(Files.readString(dir.resolve("models.yaml"))).isEqualTo(before);

        AggregatedHttpResponse applied = admin.send(HttpMethod.POST, "/v1/admin/import?dryRun=false&name=config.yaml",
                config);
        assertThat(applied.status().code()).as(applied.contentUtf8()).isEqualTo(200);
        assertThat(Files.readString(dir.resolve("models.yaml"))).contains("name: quick").contains("- fast");
        assertThat(Files.readString(dir.resolve("secrets.yaml"))).contains("OPENAI_API_KEY: \"${OPENAI_API_KEY}\"");
        assertThat(compile().errors()).isEmpty();

        AggregatedHttpResponse again = admin.send(HttpMethod.POST, "/v1/admin/import?dryRun=true&name=config.yaml",
                config);
        assertThat(json(again).path("objects")).allSatisfy(o -> assertThat(o.path("action").asText())
                .as(o.toString()).isEqualTo("unchanged"));
        assertThat(json(again).path("keys")).allSatisfy(k -> assertThat(k.path("action").asText()).isEqualTo("kept"));
    }

    @Test
    void anImportThatWouldNotCompileIsRefusedAndWritesNothing() throws IOException {
        String config = """
                model_list:
                  - model_name: quick
                    litellm_params: {model: openai/gpt-4o, api_key: os.environ/OPENAI_API_KEY}
                router_settings:
                  model_group_alias: {fast: quick}
                """;
        String before = Files.readString(dir.resolve("models.yaml"));
        JsonNode plan = json(admin.send(HttpMethod.POST, "/v1/admin/import?dryRun=true&name=c.yaml", config));
        assertThat(plan.path("applicable").asBoolean()).isFalse();
        assertThat(plan.path("problems")).singleElement().satisfies(p -> assertThat(p.path("message").asText())
                .contains("alias fast is already"));
        AggregatedHttpResponse applied = admin.send(HttpMethod.POST, "/v1/admin/import?dryRun=false&name=c.yaml", config);
        assertThat(applied.status().code()).isEqualTo(400);
        assertThat(json(applied).path("error").path("problems")).isNotEmpty();
        assertThat(Files.readString(dir.resolve("models.yaml"))).isEqualTo(before);
        assertThat(Files.exists(dir.resolve("secrets.yaml"))).isTrue();
        assertThat(Files.readString(dir.resolve("secrets.yaml"))).doesNotContain("OPENAI_API_KEY");

        AggregatedHttpResponse unknown = admin.send(HttpMethod.POST, "/v1/admin/import?name=notes.txt", "hello");
        assertThat(unknown.status().code()).isEqualTo(400);
        assertThat(json(unknown).path("error").path("message").asText()).contains("not a Model-Proxy, LiteLLM");
    }

    private static CompileResult compile() throws IOException {
        return ConfigCompiler.compile(new ManifestReader(Map.of()).read(dir), null);
    }
}
