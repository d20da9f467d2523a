package io.modelproxy.testing;

import io.modelproxy.api.Dialect;
import io.modelproxy.api.Strategy;
import io.modelproxy.config.ConfigDefaults;
import io.modelproxy.config.GatewayConfig;
import io.modelproxy.config.GatewaySettings;
import io.modelproxy.config.KeyRef;
import io.modelproxy.config.ModelConfig;
import io.modelproxy.config.ProviderConfig;
import java.util.List;
import java.util.Map;

/**
 * GatewayConfigs built in code, for the tests whose point is a config that is not compiled from
 * manifests (a hand-written or mounted {@code --config} file, its reload, its failures); every other
 * test starts a {@link ManifestGateway}. The gateway reads them through
 * the compiler's defaults for what they leave out (crds {@code ConfigFile}); the timeouts and cooldowns
 * they set are the compiler's defaults ({@link ConfigDefaults}), so they run with what users get.
 */
public final class TestConfigs {
    /** The client key every test gateway requires (written by {@link TestGateway}). */
    public static final KeyRef CLIENT_KEY_REF = new KeyRef("gateway-clients", "tester");

    private TestConfigs() {}

    /** A config of gateway {@code test}, whose one client is {@link #CLIENT_KEY_REF}. */
    public static GatewayConfig config(List<ProviderConfig> providers, List<ModelConfig> models) {
        GatewaySettings settings = new GatewaySettings("test", List.of(CLIENT_KEY_REF), List.of(), null, null,
                GatewaySettings.DEFAULT_CONTEXT_WINDOW, GatewaySettings.DEFAULT_MAX_REQUEST_BYTES, true);
        return new GatewayConfig(GatewayConfig.CURRENT_VERSION, settings, providers, models);
    }

    /** A provider whose keys are entries of Secret {@code <name>-keys}. */
    public static ProviderConfig provider(String name, Dialect protocol, String baseUrl, String... keyNames) {
        List<KeyRef> keys = java.util.Arrays.stream(keyNames).map(k -> new KeyRef(name + "-keys", k)).toList();
        return new ProviderConfig(name, protocol, baseUrl, null, null, keys, Map.of(), ConfigDefaults.PROVIDER_TIMEOUT_SECONDS,
                ConfigDefaults.COOLDOWN_SECONDS, ConfigDefaults.AUTH_FAILURE_COOLDOWN_SECONDS, null, null, List.of(),
                List.of(), null, null);
    }

    public static ModelConfig.Route route(String provider, String model) {
        return new ModelConfig.Route(provider, model, 1, null, null, null);
    }

    /** A chat model with these routes in order and the compiler's defaults. */
    public static ModelConfig model(String name, ModelConfig.Route... routes) {
        return new ModelConfig(name, List.of(), null, ConfigDefaults.MAX_TOKENS, ConfigDefaults.MODEL_TIMEOUT_SECONDS,
                Strategy.Ordered, List.of(routes), List.of(), null, null, null, null);
    }
}
