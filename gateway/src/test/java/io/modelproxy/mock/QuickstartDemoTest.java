package io.modelproxy.mock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.MediaType;
import io.modelproxy.server.GatewayServer;
import io.modelproxy.testing.StandaloneGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What a new user does first: {@code ./scripts/quickstart} with no provider key set, then the README's
 * curl to the {@code demo} model. The manifests are the quickstart's own, compiled as {@code serve
 * --manifests} does, and the request body is taken from the README, so neither can drift.
 */
class QuickstartDemoTest {
    private static final Path QUICKSTART = Path.of("..", "examples", "quickstart");
    private static final Path README = Path.of("..", "README.md");

    @Test
    void theReadmeCurlGetsAnAnswerFromDemoWithNoKeySet() throws Exception {
        Matcher curl = Pattern.compile("curl -s http://127\\.0\\.0\\.1:9876(/v1/chat/completions)[^\\n]*\\\\\\n\\s*-d '([^']*)'")
                .matcher(Files.readString(README));
        assertThat(curl.find()).as("the README shows the demo curl").isTrue();
        String body = curl.group(2);
        assertThat(body).contains("\"model\":\"demo\"");

        try (GatewayServer server = StandaloneGateway.start(QUICKSTART)) {
            AggregatedHttpResponse answer = WebClient.of(server.uri()).prepare().post(curl.group(1))
                    .content(MediaType.JSON_UTF_8, body).execute().aggregate().join();

            assertThat(answer.status().code()).as(answer.contentUtf8()).isEqualTo(200);
            JsonNode json = new ObjectMapper().readTree(answer.contentUtf8());
            assertThat(json.path("model").asText()).isEqualTo("demo");
            assertThat(json.path("choices").get(0).path("message").path("content").asText()).isEqualTo("Hello, Model Proxy!");
            assertThat(json.path("usage").path("total_tokens").asInt()).isPositive();
        }
    }
}
