package io.modelproxy.admin.api;

import static io.modelproxy.admin.api.AdminFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Who may call the admin, from where, and that no key value ever leaves it. */
class AdminSecurityTest {
    static Path dir;

    @RegisterExtension
    static final ServerExtension server = new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) throws IOException {
            dir = AdminFixture.mountDirectoryAdmin(sb, "admin-security-test");
        }
    };

    private static final String IMPORTED_KEY = "sk-test-literal-import-3c9";

    /** Every admin route, with a body that would be valid, so only the guard can refuse it. */
    static final List<Object[]> ROUTES = List.of(
            new Object[] {HttpMethod.GET, "/v1/admin/session", null},
            new Object[] {HttpMethod.GET, "/v1/admin/overview", null},
            new Object[] {HttpMethod.GET, "/v1/admin/providers", null},
            new Object[] {HttpMethod.GET, "/v1/admin/providers/openai", null},
            new Object[] {HttpMethod.PUT, "/v1/admin/providers/openai", "{\"spec\":{\"protocol\":\"OpenAIChat\",\"baseUrl\":\"http://127.0.0.1:9\"}}"},
            new Object[] {HttpMethod.DELETE, "/v1/admin/providers/openai", null},
            new Object[] {HttpMethod.GET, "/v1/admin/models", null},
            new Object[] {HttpMethod.GET, "/v1/admin/models/fast", null},
            new Object[] {HttpMethod.PUT, "/v1/admin/models/fast", "{\"spec\":{\"routes\":[{\"provider\":\"groq\",\"model\":\"m\"}]}}"},
            new Object[] {HttpMethod.DELETE, "/v1/admin/models/fast", null},
            new Object[] {HttpMethod.GET, "/v1/admin/gateways", null},
            new Object[] {HttpMethod.GET, "/v1/admin/gateways/main", null},
            new Object[] {HttpMethod.PUT, "/v1/admin/gateways/main", "{\"spec\":{}}"},
            new Object[] {HttpMethod.DELETE, "/v1/admin/gateways/main", null},
            new Object[] {HttpMethod.PUT, "/v1/admin/secrets/openai-keys/keys/key-9", "{\"value\":\"sk-test-other-key-77a\"}"},
            new Object[] {HttpMethod.GET, "/v1/admin/keys", null},
            new Object[] {HttpMethod.GET, "/v1/admin/requests", null},
            new Object[] {HttpMethod.POST, "/v1/admin/import?dryRun=true", "{}"},
            new Object[] {HttpMethod.GET, "/v1/admin/export?format=yaml", null},
            new Object[] {HttpMethod.POST, "/v1/admin/bench", "{\"model\":\"fast\",\"prompt\":\"hi\"}"},
            new Object[] {HttpMethod.POST, "/v1/admin/logout", "{}"},
            new Object[] {HttpMethod.GET, "/v1/admin/no-such-route", null});

    @BeforeAll
    static void manifests() throws IOException {
        AdminFixture.writeManifests(dir);
    }

    @Test
    void everyRouteRefusesACallerWithoutTheCredential() {
        AdminFixture.Client anonymous = AdminFixture.Client.of(server.httpUri()).withKey(null);
        AdminFixture.Client wrongKey = AdminFixture.Client.of(server.httpUri()).withKey("not-the-admin-key");
        for (Object[] route : ROUTES) {
            for (AdminFixture.Client client : List.of(anonymous, wrongKey)) {
                AggregatedHttpResponse response = client.send((HttpMethod) route[0], (String) route[1], (String) route[2]);
                assertThat(response.status().code()).as("%s %s", route[0], route[1]).isEqualTo(401);
                assertThat(json(response).path("error").path("message").asText()).contains("admin credential required");
            }
        }
        assertThat(anonymous.send(HttpMethod.GET, "/v1/admin/session", null, "cookie", "model_proxy_admin=forged")
                .status().code()).isEqualTo(401);
    }

    @Test
    void everyMutationFromAnotherOriginIsRefused() {
        AdminFixture.Client crossSite = AdminFixture.Client.of(server.httpUri()).withOrigin("http://evil.example");
        for (Object[] route : ROUTES) {
            if (route[0] == HttpMethod.GET) {
                continue;
            }
            AggregatedHttpResponse response = crossSite.send((HttpMethod) route[0], (String) route[1], (String) route[2]);
            assertThat(response.status().code()).as("%s %s", route[0], route[1]).isEqualTo(403);
        }
        AdminFixture.Client sameOrigin = AdminFixture.Client.of(server.httpUri())
                .withOrigin("http://" + server.httpUri().getAuthority());
        assertThat(sameOrigin.put("/v1/admin/models/fast?dryRun=true",
                "{\"spec\":{\"routes\":[{\"provider\":\"groq\",\"model\":\"m\"}]}}").status().code()).isEqualTo(200);
    }

    @Test
    void loginSetsAStrictHttpOnlyCookieThatWorksOnlyFromTheSameOrigin() {
        AdminFixture.Client browser = AdminFixture.Client.of(server.httpUri()).withKey(null)
                .withOrigin("http://" + server.httpUri().getAuthority());
        assertThat(browser.send(HttpMethod.POST, "/v1/admin/login", "{\"key\":\"wrong\"}").status().code()).isEqualTo(401);
        AggregatedHttpResponse login = browser.send(HttpMethod.POST, "/v1/admin/login",
                "{\"key\":\"" + AdminFixture.ADMIN_KEY + "\"}");
        assertThat(login.status().code()).isEqualTo(200);
        String setCookie = login.headers().get("set-cookie");
        assertThat(setCookie).containsIgnoringCase("HttpOnly").contains("SameSite=Strict").contains("Path=/")
                .doesNotContain(AdminFixture.ADMIN_KEY);
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        assertThat(browser.send(HttpMethod.GET, "/v1/admin/providers", null, "cookie", cookie).status().code())
                .isEqualTo(200);
        assertThat(browser.withOrigin(null).send(HttpMethod.PUT, "/v1/admin/models/fast?dryRun=true",
                        "{\"spec\":{\"routes\":[{\"provider\":\"groq\",\"model\":\"m\"}]}}", "cookie", cookie)
                .status().code()).as("a cookie without an Origin is not a same-origin browser request").isEqualTo(403);
        assertThat(browser.withOrigin("http://evil.example").send(HttpMethod.POST, "/v1/admin/login",
                "{\"key\":\"" + AdminFixture.ADMIN_KEY + "\"}").status().code()).isEqualTo(403);
    }

    @Test
    void pagesAndAnswersCarryAStrictContentSecurityPolicy() {
        AggregatedHttpResponse page = AdminFixture.Client.of(server.httpUri()).withKey(null).get("/setup/");
        assertThat(page.status().code()).isEqualTo(200);
        assertThat(page.headers().get("content-security-policy"))
                .contains("script-src 'self'").contains("default-src 'none'").doesNotContain("unsafe-inline");
        assertThat(page.contentUtf8()).doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>");
        assertThat(AdminFixture.Client.of(server.httpUri()).get("/v1/admin/providers").headers()
                .get("content-security-policy")).isNotNull();
    }

    @Test
    void noResponseBodyOrLogLineContainsAKeyValue() throws IOException {
        PrintStream originalErr = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<String> bodies = new ArrayList<>();
        String rotated = "sk-test-rotated-key-e41b";
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            AdminFixture.Client admin = AdminFixture.Client.of(server.httpUri());
            bodies.add(admin.put("/v1/admin/secrets/openai-keys/keys/key-2", "{\"value\":\"" + rotated + "\"}").contentUtf8());
            bodies.add(admin.put("/v1/admin/secrets/openai-keys/keys/bad%20name", "{\"value\":\"" + rotated + "\"}").contentUtf8());
            bodies.add(admin.put("/v1/admin/providers/openai", "{\"spec\": {\"baseUrl\": \"" + rotated + "\"").contentUtf8());
            for (Object[] route : ROUTES) {
                bodies.add(admin.send((HttpMethod) route[0], (String) route[1], (String) route[2]).contentUtf8());
            }
            bodies.add(admin.get("/v1/admin/export?format=yaml").contentUtf8());
            bodies.add(admin.get("/v1/admin/export?format=bundle").contentUtf8());
            bodies.add(admin.get("/v1/admin/export?format=bundle&report=true").contentUtf8());
            String config = "model_list: [{model_name: lit, litellm_params: {model: openai/gpt-4o, api_key: "
                    + IMPORTED_KEY + "}}]\n";
            for (String dryRun : List.of("true", "false")) {
                AggregatedHttpResponse imported = admin.send(HttpMethod.POST,
                        "/v1/admin/import?includeKeyValues=true&name=config.yaml&dryRun=" + dryRun, config);
                assertThat(imported.status().code()).as(imported.contentUtf8()).isEqualTo(200);
                bodies.add(imported.contentUtf8());
            }
        } finally {
            System.setErr(originalErr);
        }
        for (String body : bodies) {
            assertThat(body).doesNotContain(AdminFixture.UPSTREAM_KEY).doesNotContain(rotated)
                    .doesNotContain(AdminFixture.ADMIN_KEY).doesNotContain("sk-test-other-key-77a")
                    .doesNotContain(IMPORTED_KEY);
        }
        assertThat(Files.readString(dir.resolve("secrets.yaml"))).as("imported, as asked").contains(IMPORTED_KEY);
        assertThat(log.toString(StandardCharsets.UTF_8)).doesNotContain(AdminFixture.UPSTREAM_KEY)
                .doesNotContain(rotated).doesNotContain(AdminFixture.ADMIN_KEY).doesNotContain(IMPORTED_KEY);
    }
}
