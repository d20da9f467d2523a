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
        assertThat(config.gateway().metrics()).isFalse();
        assertThat(config.gateway().rateLimited()).isFalse();
        assertThat(config.gateway().clientKeys()).isEmpty();
        assertThat(Files.readString(setup.secretsDir().resolve("fake-openai-keys").resolve("api-key")))
                .isEqualTo("sk-bench-fake-upstream-key");
        assertThat(Files.readString(setup.manifests())).contains("baseUrl: http://127.0.0.1:4321/v1");
    }

    @Test
    void eachVariantTurnsOnItsFeature() throws IOException {
        URI upstream = URI.create("http://127.0.0.1:4321/v1");
        GatewayConfig observed = read(GatewaySetup.write(dir.resolve("o"), upstream, GatewaySetup.Variant.OBSERVED, null));
        assertThat(observed.gateway().metrics()).isTrue();
        assertThat(observed.gateway().requestLogging()).isTrue();
        assertThat(observed.gateway().requestLog().file()).endsWith("requests.jsonl");
        assertThat(observed.gateway().requestLog().sqlite()).endsWith("requests.db");
        GatewayConfig limits = read(GatewaySetup.write(dir.resolve("l"), upstream, GatewaySetup.Variant.LIMITS, null));
        assertThat(limits.gateway().rateLimited()).isTrue();
        assertThat(limits.gateway().sharedState()).isNull();
        GatewayConfig redis = read(GatewaySetup.write(dir.resolve("r"), upstream, GatewaySetup.Variant.REDIS,
                "redis://127.0.0.1:6390"));
        assertThat(redis.gateway().sharedState().redisUrl()).isEqualTo("redis://127.0.0.1:6390");
        assertThat(GatewaySetup.Variant.REDIS.target()).isEqualTo("gateway-redis");
        assertThatThrownBy(() -> GatewaySetup.write(dir.resolve("x"), upstream, GatewaySetup.Variant.REDIS, null))
                .isInstanceOf(BenchmarkException.class).hasMessageContaining("--redis");
    }

    private static GatewayConfig read(GatewaySetup setup) throws IOException {
        try (InputStream in = Files.newInputStream(setup.config())) {
            return GatewayConfig.fromJson(in);
        }
    }

    @Test
    void refusesAnUpstreamBeyondLoopback() {
        assertThatThrownBy(() -> GatewaySetup.write(dir, URI.create("https://api.openai.com/v1")))
                .isInstanceOf(BenchmarkException.class).hasMessageContaining("127.0.0.1");
    }

    @Test
    void theUpstreamHttpVersionReachesTheProvider() throws IOException {
        URI upstream = URI.create("http://127.0.0.1:4321/v1");
        assertThat(read(GatewaySetup.write(dir.resolve("a"), upstream)).providers().getFirst().httpVersion())
                .isEqualTo(io.modelproxy.api.HttpVersion.Auto);
        assertThat(read(GatewaySetup.write(dir.resolve("h1"), upstream, GatewaySetup.Variant.PLAIN, null,
                io.modelproxy.api.HttpVersion.HTTP1)).providers().getFirst().httpVersion())
                .isEqualTo(io.modelproxy.api.HttpVersion.HTTP1);
    }
}
