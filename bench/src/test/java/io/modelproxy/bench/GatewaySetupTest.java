package io.modelproxy.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelproxy.api.Dialect;
import io.modelproxy.config.GatewayConfig;
import io.modelproxy.config.KeyRef;
import io.modelproxy.config.ProviderConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewaySetupTest {
    @TempDir
    Path dir;

    @Test
    void compilesTheBenchManifestsForTheUpstream() throws IOException {
        GatewaySetup setup = GatewaySetup.write(dir, URI.create("http://127.0.0.1:4321/v1"));

        GatewayConfig config;
        try (InputStream in = Files.newInputStream(setup.config())) {
            config = GatewayConfig.fromJson(in);
        }
        ProviderConfig provider = config.providers().getFirst();
        assertThat(provider.protocol()).isEqualTo(Dialect.OpenAIChat);
        assertThat(provider.baseUrl()).isEqualTo("http://127.0.0.1:4321/v1");
        assertThat(provider.discovery().enabled()).isFalse();
        assertThat(provider.keys()).containsExactly(new KeyRef("fake-openai-keys", "api-key"));
        assertThat(config.models()).singleElement().satisfies(model -> {
            assertThat(model.name()).isEqualTo("bench");
            assertThat(model.routes()).singleElement().satisfies(route -> {
                assertThat(route.provider()).isEqualTo("fake-openai");
                assertThat(route.model()).isEqualTo("gpt-5-nano");
            });
        });
        assertThat(config.gateway().requestLogging()).isFalse();
        assertThat(config.gateway().clientKeys()).isEmpty();
        assertThat(Files.readString(setup.secretsDir().resolve("fake-openai-keys").resolve("api-key")))
                .isEqualTo("sk-bench-fake-upstream-key");
        assertThat(Files.readString(setup.manifests())).contains("baseUrl: http://127.0.0.1:4321/v1");
    }

    @Test
    void refusesAnUpstreamBeyondLoopback() {
        assertThatThrownBy(() -> GatewaySetup.write(dir, URI.create("https://api.openai.com/v1")))
                .isInstanceOf(BenchmarkException.class).hasMessageContaining("127.0.0.1");
    }
}
