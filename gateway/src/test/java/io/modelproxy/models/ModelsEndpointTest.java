package io.modelproxy.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import io.modelproxy.testing.FakeUpstream;
import io.modelproxy.testing.ManifestGateway;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /v1/models}: every model and alias with its context window, resolved from the model, the
 * route, the upstream catalog, the provider's metadata and the default, in that order; a catalog that
 * does not answer in time leaves the configured values.
 */
class ModelsEndpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CATALOG_KEY = "sk-catalog-77aa";

    @RegisterExtension
    @Order(1)
    static final FakeUpstream catalog = new FakeUpstream();

    @RegisterExtension
    @Order(2)
    static final FakeUpstream silent = new FakeUpstream();

    /**
     * Model {@code only-fallbacks} routes only to Provider {@code nokey}, whose one key is unset: the
     * compiler drops the route (the standalone quickstart's case), and the model is served, and its
     * window reported, by its first fallback.
     */
    @RegisterExtension
    @Order(3)
    static final ManifestGateway gateway = new ManifestGateway(() -> {
        catalog.answer(call -> FakeUpstream.json(200, "{\"object\":\"list\",\"data\":["
                + "{\"id\":\"m-up\",\"object\":\"model\",\"context_window\":200000},"
                + "{\"id\":\"other\",\"object\":\"model\",\"context_length\":8000}]}"));
        silent.answer(call -> FakeUpstream.silence());
        return ManifestGateway.modelGateway("defaultContextWindow: 100000")
                + catalogProvider("disc", catalog.baseUrl(), CATALOG_KEY, "m-up", 1000, "{enabled: true, ttlSeconds: 3600, timeoutMillis: 5000}")
                + catalogProvider("slow", silent.baseUrl(), "sk-slow", "s-up", 64000, "{enabled: true, ttlSeconds: 3600, timeoutMillis: 200}")
                + catalogProvider("undiscovered", catalog.baseUrl(), "sk-off", "o-up", 32000, "{enabled: false}")
                + catalogProvider("nokey", catalog.baseUrl(), "${UNSET_KEY}", "n-up", 1000, "{enabled: false}")
                + ManifestGateway.model("discovered", "disc", "m-up")
                + ManifestGateway.modelWith("explicit", "contextWindow: 50000", "disc/m-up")
                + """
                apiVersion: modelproxy.io/v1alpha1
                kind: LogicalModel
                metadata: {name: route-window}
                spec:
                  routes: [{provider: disc, model: m-up, contextWindow: 77000}]
                ---
                apiVersion: modelproxy.io/v1alpha1
                kind: LogicalModel
                metadata: {name: gpt-x}
                spec:
                  modelName: openai/gpt-x
                  aliases: [gx]
                  routes: [{provider: undiscovered, model: o-up}]
                ---
                """
                + ManifestGateway.model("slow-meta", "slow", "s-up")
                + ManifestGateway.model("slow-default", "slow", "unlisted")
                + ManifestGateway.modelWith("only-fallbacks", "fallbacks: [discovered]", "nokey/n-up");
    }).clientKey(ManifestGateway.CLIENT_KEY);

    /** A Provider with one key, catalog metadata for one upstream model, and this discovery. */
    private static String catalogProvider(String name, String baseUrl, String key, String model, int window,
            String discovery) {
        return """
                apiVersion: modelproxy.io/v1alpha1
                kind: Provider
                metadata: {name: %1$s}
                spec:
                  protocol: OpenAIChat
                  baseUrl: %2$s
                  apiKeys: [{secretRef: {name: %1$s-keys}}]
                  models: [{name: %4$s, contextWindow: %5$d}]
                  discovery: %6$s
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: %1$s-keys}
                stringData: {k1: '%3$s'}
                ---
                """.formatted(name, baseUrl, key, model, window, discovery);
    }

    @Test
    void listsEveryModelAndAliasWithItsResolvedContextWindow() throws Exception {
        AggregatedHttpResponse res = gateway.get("/v1/models");
        assertThat(res.status().code()).isEqualTo(200);
        JsonNode list = JSON.readTree(res.contentUtf8());
        assertThat(list.path("object").asText()).isEqualTo("list");
        Map<String, Integer> windows = new HashMap<>();
        for (JsonNode m : list.path("data")) {
            assertThat(m.path("object").asText()).isEqualTo("model");
            assertThat(m.path("owned_by").asText()).isEqualTo("model-proxy");
            assertThat(m.path("context_length").asInt()).isEqualTo(m.path("context_window").asInt());
            assertThat(m.path("limit").path("context").asInt()).isEqualTo(m.path("context_window").asInt());
            windows.put(m.path("id").asText(), m.path("context_window").asInt());
        }
        assertThat(windows).containsExactlyInAnyOrderEntriesOf(Map.of(
                "discovered", 200_000,
                "explicit", 50_000,
                "route-window", 77_000,
                "slow-meta", 64_000,
                "slow-default", 100_000,
                "openai/gpt-x", 32_000,
                "gx", 32_000,
                "only-fallbacks", 200_000));
        assertThat(catalog.calls("/v1/models")).hasSize(1);
        assertThat(catalog.calls("/v1/models").getFirst().key()).isEqualTo(CATALOG_KEY);
        assertThat(silent.calls("/v1/models")).hasSize(1);

        gateway.get("/v1/models");
        assertThat(catalog.calls("/v1/models")).as("discovered once per TTL").hasSize(1);
    }

    @Test
    void oneModelByIdIncludingIdsWithSlashesAndAliases() throws Exception {
        JsonNode model = JSON.readTree(gateway.get("/v1/models/openai/gpt-x").contentUtf8());
        assertThat(model.path("id").asText()).isEqualTo("openai/gpt-x");
        assertThat(model.path("context_window").asInt()).isEqualTo(32_000);
        assertThat(JSON.readTree(gateway.get("/v1/models/gx").contentUtf8()).path("id").asText()).isEqualTo("gx");
        assertThat(JSON.readTree(gateway.get("/v1/models/discovered").contentUtf8()).path("context_window").asInt())
                .isEqualTo(200_000);
    }

    @Test
    void unknownModelIs404InOpenAiShape() throws Exception {
        AggregatedHttpResponse res = gateway.get("/v1/models/nope");
        assertThat(res.status().code()).isEqualTo(404);
        JsonNode error = JSON.readTree(res.contentUtf8()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("model_not_found");
        assertThat(error.path("message").asText()).contains("nope");
    }

    @Test
    void listingNeedsAClientKey() {
        AggregatedHttpResponse res = gateway.http().get("/v1/models").aggregate().join();
        assertThat(res.status().code()).isEqualTo(401);
    }
}
