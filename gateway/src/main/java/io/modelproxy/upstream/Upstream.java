package io.modelproxy.upstream;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import com.linecorp.armeria.common.util.Version;
import io.modelproxy.api.Dialect;
import io.modelproxy.config.ProviderConfig;
import io.modelproxy.config.ProviderConfig.ModelInfo;
import io.modelproxy.keys.KeyPool;
import java.net.URI;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** One provider at run time: its config, its HTTP client, its keys and its error policy. Immutable. */
public final class Upstream {
    /** What Armeria's client sends when a request names no user agent. */
    private static final String DEFAULT_USER_AGENT = "armeria/" + Version.get("armeria", Upstream.class.getClassLoader()).artifactVersion();

    private final ProviderConfig config;
    private final WebClient client;
    private final KeyPool keys;
    private final ErrorPolicy errorPolicy;
    private final Map<String, ModelInfo> catalog;
    private final String authHeader;
    private final String authPrefix;
    private final String basePath;
    private final String scheme;
    private final String authority;

    /** @param client a client of the base URL's origin: requests carry the base URL's path themselves */
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
        URI base = answersLocally() ? null : URI.create(config.baseUrl());
        this.basePath = base == null || base.getRawPath() == null ? "" : stripSlash(base.getRawPath());
        this.scheme = base == null ? null : base.getScheme();
        this.authority = base == null ? null : base.getRawAuthority();
    }

    /**
     * Starts the headers of a request to {@code path} under the base URL, with the base path, scheme and
     * authority; {@link #build} adds the user agent. Armeria's client would otherwise add each in a copy
     * of its own: it then sends and logs these very headers, and a held stream keeps one set, not three.
     */
    public RequestHeadersBuilder headers(HttpMethod method, String path) {
        RequestHeadersBuilder h = RequestHeaders.builder(method, basePath + path);
        if (scheme != null) {
            h.scheme(scheme).authority(authority);
        }
        return h;
    }

    /** The headers {@link #headers} started, with the user agent Armeria's client adds when they name none. */
    public RequestHeaders build(RequestHeadersBuilder h) {
        if (!h.contains(HttpHeaderNames.USER_AGENT)) {
            h.set(HttpHeaderNames.USER_AGENT, DEFAULT_USER_AGENT);
        }
        return h.build();
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

    private static String stripSlash(String path) {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
