package io.modelproxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelproxy.config.GatewayConfig;
import io.modelproxy.config.KeyRef;
import io.modelproxy.config.ProviderConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompileCommandTest {
    private static final String LITERAL_KEYS = "src/test/resources/manifests/literal-keys";

    private static GatewayConfig parse(String json) throws IOException {
        return GatewayConfig.fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void printsTheConfigWithKeyReferencesOnlyEvenForLiteralKeys() throws IOException {
        Cli cli = Cli.run("compile", LITERAL_KEYS);

        assertThat(cli.exitCode()).isZero();
        assertThat(cli.err()).isEmpty();
        GatewayConfig config = parse(cli.out());
        assertThat(config.version()).isEqualTo(GatewayConfig.CURRENT_VERSION);
        assertThat(config.providers()).singleElement().extracting(ProviderConfig::keys)
                .isEqualTo(java.util.List.of(new KeyRef("groq-keys", "key-1"), new KeyRef("groq-keys", "key-2")));
        assertThat(config.gateway().clientKeys()).containsExactly(new KeyRef("clients", "alice"));
        assertThat(cli.out()).doesNotContain(
                "gsk-literal-string-data-key", "gsk-literal-base64-key", "Z3NrLWxpdGVyYWwtYmFzZTY0LWtleQ",
                "client-literal-alice-key");
    }

    @Test
    void compilesTheQuickstartWithTheKeysThatAreSetAndWarnsOnStderr() throws IOException {
        Cli cli = Cli.run(Map.of("GROQ_API_KEY", "gsk-env-value-1", "ANTHROPIC_API_KEY", "sk-ant-env-value-2"),
                "compile", "../examples/quickstart");

        assertThat(cli.exitCode()).isZero();
        GatewayConfig config = parse(cli.out());
        assertThat(config.providers()).extracting(ProviderConfig::name).containsExactly("anthropic", "groq", "mock");
        assertThat(config.models()).hasSize(6);
        assertThat(cli.err()).contains("warning: ../examples/quickstart/secrets.yaml: Secret/openai-keys:")
                .doesNotContain("OK —");
        assertThat(cli.out() + cli.err()).doesNotContain("gsk-env-value-1", "sk-ant-env-value-2");
    }

    @Test
    void theSameInputPrintsTheSameBytes() {
        assertThat(Cli.run("compile", LITERAL_KEYS)).isEqualTo(Cli.run("compile", LITERAL_KEYS));
    }

    @Test
    void errorsGoToStderrAndNothingToStdout() {
        Cli cli = Cli.run("compile", "src/test/resources/manifests/broken");

        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.out()).isEmpty();
        assertThat(cli.err()).contains("error: src/test/resources/manifests/broken/models.yaml: LogicalModel/dangling:"
                        + " spec.routes[0].provider: Provider nope not found\n")
                .endsWith("src/test/resources/manifests/broken: FAILED — 6 errors, 1 warning; 1 provider, 7 models,"
                        + " 0 gateways; 1 object of other kinds skipped\n")
                .doesNotContain("literal-groq-key-value");
    }
}
