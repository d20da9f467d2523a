package io.modelproxy.upstream;

import com.linecorp.armeria.client.WebClient;
import io.modelproxy.api.Dialect;
import io.modelproxy.config.ProviderConfig;
import io.modelproxy.config.ProviderConfig.ModelInfo;
import io.modelproxy.keys.KeyPool;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** One provider at run time: its config, its HTTP client, its keys and its error policy. Immutable. */
public final class Upstream {
    private final ProviderConfig config;
    private final WebClient client;
    private final KeyPool keys;
    private final ErrorPolicy errorPolicy;
    private final Map<String, ModelInfo> catalog;
    private final String authHeader;
    private final String authPrefix;

    Upstream(ProviderConfig config, WebClient client, KeyPool keys) {
        this.config = config;
        this.client = client;
        this.keys = keys;
        this.errorPolicy = ErrorPolicy.of(config.errorPolicy());
        this.catalog = config.models().stream()
                .collect(Collectors.toUnmodifiableMap(ModelInfo::name, Function.identity(), (a, b) -> a));
        // defaults are the compiler's (crds ConfigDefaults, also applied to hand-written files): trust the config
        this.authHeader = config.authHeader();
        this.authPrefix = blank(config.authScheme()) ? "" : config.authScheme().strip() + " ";
    }

    public String name() {
        return config.name();
    }

    /** The wire format the gateway speaks to it; a Mock provider answers OpenAI Chat Completions. */
    public Dialect protocol() {
        return answersLocally() ? Dialect.OpenAIChat : config.protocol();
    }

    /** A Mock provider: answered in this process, so no credential ever leaves it. */
    public boolean answersLocally() {
        return config.protocol() == Dialect.Mock;
    }

    public ProviderConfig config() {
        return config;
    }

    public WebClient client() {
        return client;
    }

    public KeyPool keys() {
        return keys;
    }

    public ErrorPolicy errorPolicy() {
        return errorPolicy;
    }

    /** The header that carries a key to this provider. */
    public String authHeader() {
        return authHeader;
    }

    /** The header value carrying {@code key}: the scheme (e.g. {@code Bearer}) and the key. */
    public String authValue(String key) {
        return authPrefix + key;
    }

    /** The context window the provider's catalog metadata gives for an upstream model, or null. */
    public Integer contextWindowOf(String model) {
        ModelInfo info = catalog.get(model);
        return info == null ? null : info.contextWindow();
    }

    /** The output limit the provider's catalog metadata gives for an upstream model, or null. */
    public Integer maxOutputTokensOf(String model) {
        ModelInfo info = catalog.get(model);
        return info == null ? null : info.maxOutputTokens();
    }

    /** Seconds an attempt may take (to the first byte of a stream, to the end of a JSON answer). */
    public int timeoutSeconds() {
        return config.timeoutSeconds();
    }

    public int cooldownSeconds() {
        return config.cooldownSeconds();
    }

    public int authFailureCooldownSeconds() {
        return config.authFailureCooldownSeconds();
    }

    @Override
    public String toString() {
        return "Upstream[" + config.name() + " " + config.protocol() + " " + config.baseUrl() + "]";
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
