package io.modelproxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import io.modelproxy.bundle.ImportOptions;
import io.modelproxy.bundle.ImportResult;
import io.modelproxy.bundle.ManifestYaml;
import io.modelproxy.bundle.formats.SourceFormat;
import io.modelproxy.configsource.ManifestConfigSource;
import io.modelproxy.testing.FakeUpstream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Imported manifests run: a standalone gateway serving each format's converted output routes a request
 * to the expected upstream model with the expected key (a fake upstream on loopback).
 */
class MigrationEndToEndTest {
    @RegisterExtension
    static final FakeUpstream upstream = new FakeUpstream();

    @TempDir
    Path dir;

    private GatewayServer server;

    @BeforeEach
    void answer() {
        upstream.reset();
        upstream.answer(FailoverTest::ok);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private AggregatedHttpResponse serve(SourceFormat format, String source, Map<String, String> keys,
            String model, String clientKey) throws Exception {
        ImportResult result = format.read("source", source, ImportOptions.defaults());
        assertThat(result.errors()).isEmpty();
        for (Map.Entry<String, String> file : ManifestYaml.files(result.objects()).entrySet()) {
            Files.writeString(dir.resolve(file.getKey()), file.getValue());
        }
        server = GatewayServer.builder(new ManifestConfigSource(dir, keys, null, Duration.ofMillis(200)))
                .host("127.0.0.1").port(0).shutdownGrace(Duration.ZERO).build().start();
        RequestHeaders headers = RequestHeaders.builder(HttpMethod.POST, "/v1/chat/completions")
                .contentType(MediaType.JSON_UTF_8)
                .set(HttpHeaderNames.AUTHORIZATION, "Bearer " + clientKey).build();
        return WebClient.of(server.uri()).execute(HttpRequest.of(headers, com.linecorp.armeria.common.HttpData.ofUtf8(
                "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")))
                .aggregate().join();
    }

    @Test
    void modelProxyBundle() throws Exception {
        String bundle = """
                {"version": "1.0.0", "setup": {
                  "providers": [{"name": "local", "endpoints": {"base_url": "%s", "compatible_format": "openai"},
                                 "api_keys": {"env_var_patterns": ["LOCAL_KEY_{INDEX}"]}}],
                  "models": [{"logical_name": "fast", "model_routings": [{"provider": "local", "model": "up-fast"}]}],
                  "environment": {"LOCAL_KEY_1": "k-one"}}}""".formatted(upstream.baseUrl());

        AggregatedHttpResponse answer = serve(SourceFormat.MODEL_PROXY, bundle, Map.of("LOCAL_KEY_1", "k-one"),
                "fast", "unused");

        assertThat(answer.status().code()).isEqualTo(200);
        assertThat(upstream.calls().getLast().model()).isEqualTo("up-fast");
        assertThat(upstream.calls().getLast().key()).isEqualTo("k-one");
    }

    @Test
    void litellmConfig() throws Exception {
        String config = """
                model_list:
                  - model_name: team-gpt
                    litellm_params: {model: openai/upstream-gpt, api_base: "%s", api_key: os.environ/TEAM_OPENAI_KEY}
                general_settings:
                  master_key: os.environ/MASTER
                """.formatted(upstream.baseUrl());

        AggregatedHttpResponse answer = serve(SourceFormat.LITELLM, config,
                Map.of("TEAM_OPENAI_KEY", "k-team", "MASTER", "sk-client"), "team-gpt", "sk-client");

        assertThat(answer.status().code()).isEqualTo(200);
        assertThat(upstream.calls().getLast().model()).isEqualTo("upstream-gpt");
        assertThat(upstream.calls().getLast().key()).isEqualTo("k-team");
    }

    @Test
    void pythonLlmProxyConfig() throws Exception {
        String config = """
                models:
                  - frontend_model_name: coder
                    backend_model_name: upstream-coder
                    backend_base_url: "%s"
                    backend_api_key: ${CODER_KEY}
                    backend_dialect: openai-chat
                """.formatted(upstream.baseUrl());

        AggregatedHttpResponse answer = serve(SourceFormat.PYTHON_LLM_PROXY, config, Map.of("CODER_KEY", "k-coder"),
                "coder", "unused");

        assertThat(answer.status().code()).isEqualTo(200);
        assertThat(upstream.calls().getLast().model()).isEqualTo("upstream-coder");
        assertThat(upstream.calls().getLast().key()).isEqualTo("k-coder");
    }
}
