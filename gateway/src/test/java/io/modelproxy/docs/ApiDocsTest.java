package io.modelproxy.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import io.modelproxy.server.GatewayServer;
import io.modelproxy.testing.StandaloneGateway;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /docs}: the page and its viewer come from the gateway itself (no CDN), the OpenAPI document
 * parses, and every example request it shows works against the quickstart's keyless {@code demo} model.
 */
class ApiDocsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static GatewayServer server;
    static WebClient http;

    @BeforeAll
    static void start() {
        server = StandaloneGateway.start(Path.of("..", "examples", "quickstart"));
        http = WebClient.of(server.uri());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static AggregatedHttpResponse get(String path) {
        return http.get(path).aggregate().join();
    }

    @Test
    void thePageAndItsViewerAreServedByTheGateway() {
        AggregatedHttpResponse redirect = get("/docs");
        assertThat(redirect.status().code()).isEqualTo(307);
        assertThat(redirect.headers().get("location")).isEqualTo("/docs/");

        AggregatedHttpResponse page = get("/docs/");
        assertThat(page.status().code()).isEqualTo(200);
        assertThat(page.contentType().is(MediaType.HTML_UTF_8)).isTrue();
        assertThat(page.contentUtf8()).contains("swagger-ui-bundle.js", "initializer.js").doesNotContain("http://", "https://");
        for (String asset : List.of("swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css", "initializer.js")) {
            AggregatedHttpResponse file = get("/docs/" + asset);
            assertThat(file.status().code()).as(asset).isEqualTo(200);
            assertThat(file.content().length()).as(asset).isPositive();
        }
        // the gateway's document first; the admin API's where the admin UI is mounted
        assertThat(get("/docs/initializer.js").contentUtf8()).contains("url: \"openapi.yaml\"", "url: \"/setup/openapi.json\"");
    }

    @Test
    void everyExampleRequestOfTheDocumentWorks() throws Exception {
        AggregatedHttpResponse document = get("/docs/openapi.yaml");
        assertThat(document.status().code()).isEqualTo(200);
        JsonNode openapi = new YAMLMapper().readTree(document.contentUtf8());
        assertThat(openapi.path("openapi").asText()).startsWith("3.");
        JsonNode paths = openapi.path("paths");
        List<String> documented = new ArrayList<>();
        paths.fieldNames().forEachRemaining(documented::add);
        assertThat(documented).contains("/v1/chat/completions", "/v1/responses", "/v1/messages",
                "/v1/messages/count_tokens", "/v1/models", "/v1/models/{model}", "/health", "/healthz", "/health/ready",
                "/health/detailed", "/docs");

        List<String> tried = new ArrayList<>();
        for (var path : paths.properties()) {
            JsonNode post = path.getValue().path("post");
            if (post.isMissingNode()) {
                String get = path.getKey().replace("{model}", "demo");
                // /docs redirects to /docs/; everything else answers
                assertThat(get(get).status().code()).as("GET %s", get).isEqualTo(get.equals("/docs") ? 307 : 200);
                tried.add("GET " + get);
                continue;
            }
            for (JsonNode body : examples(openapi, post.path("requestBody"))) {
                AggregatedHttpResponse answer = http.execute(RequestHeaders.builder(HttpMethod.POST, path.getKey())
                        .contentType(MediaType.JSON_UTF_8).add("anthropic-version", "2023-06-01").build(),
                        JSON.writeValueAsString(body)).aggregate().join();
                assertThat(answer.status().code()).as("POST %s %s: %s", path.getKey(), body, answer.contentUtf8()).isEqualTo(200);
                tried.add("POST " + path.getKey());
            }
        }
        assertThat(tried).contains("POST /v1/chat/completions", "POST /v1/messages/count_tokens", "GET /v1/models/demo");
    }

    /** The example bodies of a request body, following a $ref to components. */
    private static List<JsonNode> examples(JsonNode openapi, JsonNode requestBody) {
        if (requestBody.has("$ref")) {
            requestBody = openapi.at(requestBody.get("$ref").asText().substring(1));
        }
        JsonNode json = requestBody.path("content").path("application/json");
        List<JsonNode> bodies = new ArrayList<>();
        if (json.has("example")) {
            bodies.add(json.get("example"));
        }
        json.path("examples").forEach(e -> bodies.add(e.path("value")));
        assertThat(bodies).as("examples of %s", requestBody).isNotEmpty();
        return bodies;
    }
}
