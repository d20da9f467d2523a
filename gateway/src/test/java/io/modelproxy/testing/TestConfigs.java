package io.modelproxy.testing;

import io.modelproxy.api.Dialect;
import io.modelproxy.api.ModelOperation;
import io.modelproxy.api.Strategy;
import io.modelproxy.config.ConfigDefaults;
import io.modelproxy.config.GatewayConfig;
import io.modelproxy.config.GatewaySettings;
import io.modelproxy.config.KeyRef;
import io.modelproxy.config.ModelConfig;
import io.modelproxy.config.ProviderConfig;
import io.modelproxy.config.ProviderConfig.Discovery;
import io.modelproxy.config.ProviderConfig.ModelInfo;
import java.util.List;
import java.util.Map;

/**
 * GatewayConfigs built in code, for the tests whose point is a config that is not compiled from
 * manifests (a hand-written or mounted {@code --config} file, its reload, its failures), and for the
 * older tests not yet on a {@link ManifestGateway} (OperationsTest). The gateway reads them through
 * the compiler's defaults for what they leave out (crds {@code ConfigFile}); the timeouts and cooldowns
 * they set are the compiler's defaults ({@link ConfigDefaults}), so they run with what users get.
 */
public final class TestConfigs {
    /** The client key every test gateway requires (written by {@link TestGateway}). */
    public static final KeyRef CLIENT_KEY_REF = new KeyRef("gateway-clients", "tester");

    private TestConfigs() {}

    public static GatewaySettings settings() {
        return settings(GatewaySettings.DEFAULT_MAX_REQUEST_BYTES, GatewaySettings.DEFAULT_CONTEXT_WINDOW, List.of());
    }

    public static GatewaySettings settings(long maxRequestBytes, int defaultContextWindow, List<String> corsOrigins) {
        return new GatewaySettings("test", List.of(CLIENT_KEY_REF), corsOrigins, null, null, defaultContextWindow,
                maxRequestBytes, true);
    }

    public static GatewayConfig config(List<ProviderConfig> providers, List<ModelConfig> models) {
        return config(settings(), providers, models);
    }

    public static GatewayConfig config(GatewaySettings settings, List<ProviderConfig> providers, List<ModelConfig> models) {
        return new GatewayConfig(GatewayConfig.CURRENT_VERSION, settings, providers, models);
    }

    /** A provider whose keys are entries of Secret {@code <name>-keys}. */
    public static ProviderConfig provider(String name, Dialect protocol, String baseUrl, String... keyNames) {
        List<KeyRef> keys = java.util.Arrays.stream(keyNames).map(k -> new KeyRef(name + "-keys", k)).toList();
        return new ProviderConfig(name, protocol, baseUrl, null, null, keys, Map.of(), ConfigDefaults.PROVIDER_TIMEOUT_SECONDS,
                ConfigDefaults.COOLDOWN_SECONDS, ConfigDefaults.AUTH_FAILURE_COOLDOWN_SECONDS, null, null, List.of(),
                List.of(), null, null);
    }

    /** The provider with catalog metadata and discovery. */
    public static ProviderConfig withCatalog(ProviderConfig p, List<ModelInfo> models, Discovery discovery) {
        return new ProviderConfig(p.name(), p.protocol(), p.baseUrl(), p.authHeader(), p.authScheme(), p.keys(),
                p.headers(), p.timeoutSeconds(), p.cooldownSeconds(), p.authFailureCooldownSeconds(), p.proxy(),
                p.httpVersion(), p.errorPolicy(), models, discovery, p.mock());
    }

    public static ModelConfig.Route route(String provider, String model) {
        return new ModelConfig.Route(provider, model, 1, null, null, null);
    }

    public static ModelConfig model(String name, ModelConfig.Route... routes) {
        return model(name, List.of(), List.of(routes), List.of());
    }

    public static ModelConfig model(String name, List<String> aliases, List<ModelConfig.Route> routes, List<String> fallbacks) {
        return model(name, aliases, null, ConfigDefaults.MODEL_TIMEOUT_SECONDS, routes, fallbacks);
    }

    /** The model serving these operations instead of chat. */
    public static ModelConfig serving(ModelConfig m, ModelOperation... operations) {
        return new ModelConfig(m.name(), m.aliases(), m.contextWindow(), m.defaultMaxTokens(), m.timeoutSeconds(),
                m.strategy(), m.routes(), m.fallbacks(), m.systemPrompt(), m.toolCallEnforcement(), m.difficultyRouting(),
                List.of(operations));
    }

    public static ModelConfig model(String name, List<String> aliases, Integer contextWindow, int timeoutSeconds,
            List<ModelConfig.Route> routes, List<String> fallbacks) {
        return new ModelConfig(name, aliases, contextWindow, ConfigDefaults.MAX_TOKENS, timeoutSeconds, Strategy.Ordered, routes, fallbacks,
                null, null, null, null);
    }
}
