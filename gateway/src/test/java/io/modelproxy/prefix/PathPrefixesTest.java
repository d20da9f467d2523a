package io.modelproxy.prefix;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.models.ModelInfo;
import com.anthropic.models.models.ModelRetrieveParams;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.modelproxy.server.GatewayServer;
import io.modelproxy.testing.StandaloneGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The API under /openai, /anthropic and a ModelGateway's spec.pathPrefixes (one with a label
 * selector), and GET /v1/models in Anthropic's shape for Anthropic clients, through the official SDKs.
 * The models are served by Mock providers: what is under test is which requests reach them.
 */
class PathPrefixesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** More than one page of Anthropic's default 20, so the SDK's auto-paging has to follow last_id. */
    private static final int FILLER_MODELS = 22;

    @TempDir
    static Path dir;

    static GatewayServer server;
    static WebClient http;

    @BeforeAll
    static void start() throws Exception {
        StringBuilder yaml = new StringBuilder("""
                apiVersion: modelproxy.io/v1alpha1
                kind: ModelGateway
                metadata: {name: gw}
                spec:
                  pathPrefixes:
                    - {prefix: /team-a, modelSelector: {matchLabels: {team: a}}}
                    - {prefix: /tools/all}
                ---
                apiVersion: modelproxy.io/v1alpha1
                kind: Provider
                metadata: {name: mock}
                spec: {protocol: Mock}
                ---
                apiVersion: modelproxy.io/v1alpha1
                kind: LogicalModel
                metadata: {name: alpha, labels: {team: a}}
                spec:
                  aliases: [alpha-latest]
                  contextWindow: 64000
                  routes: [{provider: mock, model: m}]
                ---
                apiVersion: modelproxy.io/v1alpha1
                kind: LogicalModel
                metadata: {name: beta, labels: {team: b}}
                spec:
                  routes: [{provider: mock, model: m}]
                """);
        IntStream.range(0, FILLER_MODELS).forEach(i -> yaml.append("""
                ---
                apiVersion: modelproxy.io/v1alpha1
                kind: LogicalModel
                metadata: {name: filler-%02d}
                spec:
                  routes: [{provider: mock, model: m}]
                """.formatted(i)));
        Files.writeString(dir.resolve("manifests.yaml"), yaml);
        server = StandaloneGateway.start(dir);
        http = WebClient.of(server.uri());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static AggregatedHttpResponse post(String path, String body) {
        return http.prepare().post(path).content(MediaType.JSON_UTF_8, body).execute().aggregate().join();
    }

    private static JsonNode get(String path, String... headers) throws Exception {
        RequestHeaders h = RequestHeaders.builder(HttpMethod.GET, path).add(headerMap(headers).entrySet()).build();
        AggregatedHttpResponse res = http.execute(h).aggregate().join();
        assertThat(res.status().code()).as(res.contentUtf8()).isEqualTo(200);
        return JSON.readTree(res.contentUtf8());
    }

    private static Map<String, String> headerMap(String... pairs) {
        return pairs.length == 0 ? Map.of() : Map.of(pairs[0], pairs[1]);
    }

    private static String chat(String model) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/openai", "/anthropic", "/tools/all"})
    void theOpenAiSdkWorksUnderEveryPrefix(String prefix) {
        OpenAIClient openai = OpenAIOkHttpClient.builder().baseUrl(server.uri() + prefix + "/v1").apiKey("unused").maxRetries(0).build();
        try {
            ChatCompletion answer = openai.chat().completions().create(ChatCompletionCreateParams.builder().model("beta")
                    .addUserMessage("hello from " + prefix).build());
            assertThat(answer.model()).isEqualTo("beta");
            assertThat(answer.choices().getFirst().message().content()).contains("hello from " + prefix);
        } finally {
            openai.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/anthropic", "/openai"})
    void theAnthropicSdkWorksUnderEveryPrefix(String prefix) {
        AnthropicClient anthropic = AnthropicOkHttpClient.builder().baseUrl(server.uri() + prefix).apiKey("unused").maxRetries(0).build();
        try {
            Message message = anthropic.messages().create(MessageCreateParams.builder().model("beta").maxTokens(50)
                    .addUserMessage("hi from " + prefix).build());
            assertThat(message.content().getFirst().asText().text()).isEqualTo("hi from " + prefix);
        } finally {
            anthropic.close();
        }
    }

    @Test
    void aPrefixWithASelectorServesOnlyItsModels() throws Exception {
        AggregatedHttpResponse alpha = post("/team-a/v1/chat/completions", chat("alpha-latest"));
        assertThat(alpha.status().code()).as(alpha.contentUtf8()).isEqualTo(200);
        assertThat(JSON.readTree(alpha.contentUtf8()).path("model").asText()).isEqualTo("alpha-latest");

        AggregatedHttpResponse beta = post("/team-a/v1/chat/completions", chat("beta"));
        assertThat(beta.status().code()).isEqualTo(404);
        assertThat(JSON.readTree(beta.contentUtf8()).path("error").path("message").asText())
                .isEqualTo("model 'beta' is not served here; available: alpha, alpha-latest (GET /v1/models)");
        AggregatedHttpResponse betaMessages = post("/team-a/v1/messages", "{\"model\":\"beta\",\"max_tokens\":5,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(betaMessages.status().code()).isEqualTo(404);
        assertThat(JSON.readTree(betaMessages.contentUtf8()).path("type").asText()).isEqualTo("error");

        JsonNode models = get("/team-a/v1/models");
        assertThat(models.path("data").findValuesAsText("id")).containsExactly("alpha", "alpha-latest");
        assertThat(http.get("/team-a/v1/models/beta").aggregate().join().status().code()).isEqualTo(404);
        assertThat(get("/team-a/v1/models/alpha").path("context_window").asInt()).isEqualTo(64000);
        // the same gateway without the prefix still serves every model
        assertThat(post("/v1/chat/completions", chat("beta")).status().code()).isEqualTo(200);
    }

    @Test
    void unknownPrefixesAndPathsAre404sInThePathsDialect() throws Exception {
        AggregatedHttpResponse unknown = post("/team-z/v1/chat/completions", chat("beta"));
        assertThat(unknown.status().code()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.contentUtf8()).path("error").has("message")).isTrue();

        AggregatedHttpResponse anthropic = http.get("/anthropic/v1/nothing-here").aggregate().join();
        assertThat(anthropic.status().code()).isEqualTo(404);
        JsonNode error = JSON.readTree(anthropic.contentUtf8());
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.path("error").path("type").asText()).isEqualTo("not_found_error");
    }

    @Test
    void modelsInAnthropicShapeUnderAnthropicOrWithAnthropicVersion() throws Exception {
        JsonNode openai = get("/openai/v1/models");
        assertThat(openai.path("object").asText()).isEqualTo("list");
        assertThat(openai.path("data").get(0).path("object").asText()).isEqualTo("model");

        for (JsonNode page : List.of(get("/anthropic/v1/models"), get("/v1/models", "anthropic-version", "2023-06-01"))) {
            assertThat(page.has("object")).isFalse();
            assertThat(page.path("data")).hasSize(20);
            JsonNode first = page.path("data").get(0);
            assertThat(first.path("type").asText()).isEqualTo("model");
            assertThat(first.path("id").asText()).isEqualTo("alpha");
            assertThat(first.path("display_name").asText()).isEqualTo("alpha");
            assertThat(first.path("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
            assertThat(first.path("context_window").asInt()).isEqualTo(64000);
            assertThat(first.path("limit").path("context").asInt()).isEqualTo(64000);
            assertThat(page.path("has_more").asBoolean()).isTrue();
            assertThat(page.path("first_id").asText()).isEqualTo("alpha");
            assertThat(page.path("last_id").asText()).isEqualTo(page.path("data").get(19).path("id").asText());
        }
        JsonNode rest = get("/anthropic/v1/models?limit=5&after_id=filler-15");
        assertThat(rest.path("data").findValuesAsText("id")).containsExactly("filler-16", "filler-17", "filler-18", "filler-19", "filler-20");
        assertThat(rest.path("has_more").asBoolean()).isTrue();
        AggregatedHttpResponse badLimit = http.get("/anthropic/v1/models?limit=0").aggregate().join();
        assertThat(badLimit.status().code()).isEqualTo(400);
        assertThat(JSON.readTree(badLimit.contentUtf8()).path("error").path("type").asText()).isEqualTo("invalid_request_error");
    }

    @Test
    void theAnthropicSdkListsEveryModelAcrossPagesAndRetrievesOne() {
        AnthropicClient anthropic = AnthropicOkHttpClient.builder().baseUrl(server.uri().toString()).apiKey("unused").maxRetries(0).build();
        try {
            List<String> ids = new ArrayList<>();
            anthropic.models().list().autoPager().forEach(m -> ids.add(m.id()));
            assertThat(ids).hasSize(3 + FILLER_MODELS).startsWith("alpha", "alpha-latest", "beta").doesNotHaveDuplicates();

            ModelInfo alpha = anthropic.models().retrieve(ModelRetrieveParams.builder().modelId("alpha-latest").build());
            assertThat(alpha.id()).isEqualTo("alpha-latest");
            assertThat(alpha.displayName()).isEqualTo("alpha-latest");
            assertThat(alpha._additionalProperties().get("context_window").convert(Integer.class)).isEqualTo(64000);
        } finally {
            anthropic.close();
        }
    }
}
