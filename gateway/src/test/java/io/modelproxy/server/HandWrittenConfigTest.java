package io.modelproxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import io.modelproxy.configsource.FileConfigSource;
import io.modelproxy.configsource.ManifestConfigSource;
import io.modelproxy.testing.FakeUpstream;
import io.modelproxy.testing.ManifestGateway;
import io.modelproxy.testing.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A provider written by hand in a {@code --config} file, with every defaulted field left out, and the
 * same provider compiled from manifests: one compiled form (the compiler's defaults reach both), so
 * the gateway sends and answers alike.
 */
class HandWrittenConfigTest {
    private static final String CHAT = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @RegisterExtension
    @Order(1)
    static final FakeUpstream upstream = new FakeUpstream();

    @RegisterExtension
    @Order(2)
    static final ManifestGateway fromManifests = new ManifestGateway(HandWrittenConfigTest::manifests).env("ANTH_KEY", "sk-ant-same");

    private static String manifests() {
        return """
            apiVersion: modelproxy.io/v1alpha1
            kind: Provider
            metadata: {name: anth}
            spec:
              protocol: AnthropicMessages
              baseUrl: %s
              apiKeys:
                - secretRef: {name: anth-keys, key: k1}
              discovery: {enabled: false}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: anth-keys}
            stringData:
              k1: ${ANTH_KEY}
            ---
            apiVersion: modelproxy.io/v1alpha1
            kind: LogicalModel
            metadata: {name: m}
            spec:
              routes:
                - {provider: anth, model: up-claude}
            """.formatted(upstream.baseUrl());
    }

    @TempDir
    Path dir;

    private TestGateway fromFile;

    @BeforeEach
    void start() throws Exception {
        upstream.reset();
        fromFile = new TestGateway(dir).secret("anth-keys", "k1", "sk-ant-same").configText(handWritten()).start();
    }

    @AfterEach
    void stop() {
        fromFile.close();
    }

    private static String handWritten() {
        return """
                {"providers": [{"name": "anth", "protocol": "AnthropicMessages", "baseUrl": "%s",
                                "keys": [{"secret": "anth-keys", "key": "k1"}], "discovery": {"enabled": false}}],
                 "models": [{"name": "m", "routes": [{"provider": "anth", "model": "up-claude"}]}]}
                """.formatted(upstream.baseUrl());
    }

    @Test
    void bothFormsCompileToTheSameProvider() throws Exception {
        Path manifests = Files.createDirectory(dir.resolve("manifests"));
        Files.writeString(manifests.resolve("all.yaml"), manifests());
        var compiled = new ManifestConfigSource(manifests, Map.of("ANTH_KEY", "x"), null, Duration.ofSeconds(1)).read().config();
        var written = new FileConfigSource(fromFile.configFile(), dir.resolve("secrets"), Duration.ofSeconds(1)).read().config();
        assertThat(written.providers()).isEqualTo(compiled.providers());
        assertThat(written.models()).isEqualTo(compiled.models());
    }

    @Test
    void bothFormsSendTheSameRequestUpstreamAndAnswerAlike() {
        upstream.answer(call -> FakeUpstream.json(200, """
                {"id":"msg_1","type":"message","role":"assistant","model":"up-claude","content":[{"type":"text","text":"hello"}],
                 "stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":3,"output_tokens":1}}"""));
        AggregatedHttpResponse a = fromManifests.post("/v1/chat/completions", CHAT);
        FakeUpstream.Call sentA = upstream.calls().getLast();
        AggregatedHttpResponse b = fromFile.post("/v1/chat/completions", CHAT);
        FakeUpstream.Call sentB = upstream.calls().getLast();

        assertThat(sentB.path()).isEqualTo(sentA.path()).endsWith("/messages");
        for (String header : new String[] {"x-api-key", "anthropic-version", "authorization"}) {
            assertThat(sentB.headers().get(header)).as(header).isEqualTo(sentA.headers().get(header));
        }
        assertThat(sentA.key()).isEqualTo("sk-ant-same");
        assertThat(sentB.json()).isEqualTo(sentA.json());
        assertThat(b.status()).isEqualTo(a.status());
        Function<AggregatedHttpResponse, String> answer = r -> r.contentUtf8().replaceAll("\"(id|created)\":[^,]*,", "");
        assertThat(answer.apply(b)).isEqualTo(answer.apply(a)).contains("hello");
        assertThat(b.headers().get("x-model-proxy-route")).isEqualTo(a.headers().get("x-model-proxy-route"));
    }

    @Test
    void bothFormsApplyTheSameErrorPolicy() {
        // 400: the default policy returns it to the client (no cooldown, so the shared gateway stays usable)
        upstream.answer(call -> FakeUpstream.json(400, "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"max_tokens: too large\"}}"));
        AggregatedHttpResponse a = fromManifests.post("/v1/chat/completions", CHAT);
        AggregatedHttpResponse b = fromFile.post("/v1/chat/completions", CHAT);
        assertThat(b.status()).isEqualTo(a.status());
        assertThat(b.contentUtf8()).isEqualTo(a.contentUtf8());
        assertThat(b.headers().get("x-model-proxy-attempts")).isEqualTo(a.headers().get("x-model-proxy-attempts"));
    }
}
