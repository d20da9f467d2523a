package io.modelproxy.models;

import static io.modelproxy.testing.TestConfigs.config;
import static io.modelproxy.testing.TestConfigs.model;
import static io.modelproxy.testing.TestConfigs.provider;
import static io.modelproxy.testing.TestConfigs.route;
import static io.modelproxy.testing.TestConfigs.settings;
import static io.modelproxy.testing.TestConfigs.withCatalog;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import io.modelproxy.api.Dialect;
import io.modelproxy.config.GatewaySettings;
import io.modelproxy.config.ModelConfig;
import io.modelproxy.config.ProviderConfig.Discovery;
import io.modelproxy.config.ProviderConfig.ModelInfo;
import io.modelproxy.testing.FakeUpstream;
import io.modelproxy.testing.TestGateway;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

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

    @TempDir
    static Path dir;

    static TestGateway gateway;

    @BeforeAll
    static void start() {
        catalog.answer(call -> FakeUpstream.json(200, "{\"object\":\"list\",\"data\":["
                + "{\"id\":\"m-up\",\"object\":\"model\",\"context_window\":200000},"
                + "{\"id\":\"other\",\"object\":\"model\",\"context_length\":8000}]}"));
        silent.answer(call -> FakeUpstream.silence());
        GatewaySettings settings = settings(GatewaySettings.DEFAULT_MAX_REQUEST_BYTES, 100_000, List.of());
        gateway = new TestGateway(dir)
                .secret("disc-keys", "k1", CATALOG_KEY).secret("slow-keys", "k1", "sk-slow").secret("off-keys", "k1", "sk-off")
                .config(config(settings,
                        List.of(withCatalog(provider("disc", Dialect.OpenAIChat, catalog.baseUrl(), "k1"),
                                        List.of(new ModelInfo("m-up", 1000, null)), new Discovery(true, 3600, 5000)),
                                withCatalog(provider("slow", Dialect.OpenAIChat, silent.baseUrl(), "k1"),
                                        List.of(new ModelInfo("s-up", 64000, null)), new Discovery(true, 3600, 200)),
                                withCatalog(provider("off", Dialect.OpenAIChat, catalog.baseUrl(), "k1"),
                                        List.of(new ModelInfo("o-up", 32000, null)), new Discovery(false, 3600, 2000))),
                        List.of(model("discovered", route("disc", "m-up")),
                                model("explicit", List.of(), 50_000, 30, List.of(route("disc", "m-up")), List.of()),
                                model("route-window", new ModelConfig.Route("disc", "m-up", 1, 77_000, null, null)),
                                model("slow-meta", route("slow", "s-up")),
                                model("slow-default", route("slow", "unlisted")),
                                model("openai/gpt-x", List.of("gx"), List.of(route("off", "o-up")), List.of()),
                                model("only-fallbacks", List.of(), List.of(), List.of("discovered")))))
                .start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
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
