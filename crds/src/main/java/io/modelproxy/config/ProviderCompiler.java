package io.modelproxy.config;

import io.modelproxy.api.Protocol;
import io.modelproxy.api.Provider;
import io.modelproxy.api.ProviderSpec;
import io.modelproxy.api.SecretSource;
import io.modelproxy.manifest.Manifest;
import io.modelproxy.manifest.Problem;
import io.modelproxy.manifest.Problem.Reason;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Resolves one Provider into a {@link ProviderConfig}: keys, auth, headers, error policy, defaults. */
final class ProviderCompiler {
    static final int DEFAULT_TIMEOUT_SECONDS = 60;
    static final int DEFAULT_COOLDOWN_SECONDS = 60;
    static final int DEFAULT_AUTH_FAILURE_COOLDOWN_SECONDS = 3600;
    static final String ANTHROPIC_VERSION_HEADER = "anthropic-version";
    static final String ANTHROPIC_VERSION = "2023-06-01";


    private final KeyResolver keys;
    /** Providers of this compilation left out for want of a key, not for an error. */
    private final Set<String> keyless = new HashSet<>();

    ProviderCompiler(KeyResolver keys) {
        this.keys = keys;
    }

    boolean isKeyless(String provider) {
        return keyless.contains(provider);
    }

    /**
     * The resolved Provider, or empty when it cannot serve: an error (reported), or API keys configured
     * but none set. The latter is not an error, so standalone runs with whichever keys are set, but the
     * Provider is left out: forwarding the client's credential instead (what a Provider without apiKeys
     * does) is not what its author asked for.
     */
    Optional<ProviderConfig> compile(Manifest<Provider> manifest, List<Problem> problems) {
        ProviderSpec spec = manifest.object().getSpec();
        if (spec == null || spec.protocol() == null || spec.baseUrl() == null) {
            return Optional.empty();
        }
        Set<KeyRef> resolved = new LinkedHashSet<>();
        boolean broken = false;
        List<SecretSource> apiKeys = spec.apiKeys() == null ? List.of() : spec.apiKeys();
        for (int i = 0; i < apiKeys.size(); i++) {
            Optional<List<KeyRef>> refs = keys.resolve(manifest, apiKeys.get(i), "spec.apiKeys[" + i + "]", problems);
            refs.ifPresent(resolved::addAll);
            broken |= refs.isEmpty();
        }
        if (broken) {
            return Optional.empty();
        }
        if (!apiKeys.isEmpty() && resolved.isEmpty()) {
            keyless.add(manifest.name());
            // Unset variables have been reported on the Secret, and the models say what they lose.
            if (apiKeys.stream().noneMatch(keys::coversUnsetKey)) {
                problems.add(Problem.warning(Reason.NoKeys, manifest.file(), manifest.kind(), manifest.name(),
                        "spec.apiKeys", "the Secrets it references hold no key; routes to this Provider are left out"));
            }
            return Optional.empty();
        }
        return Optional.of(new ProviderConfig(
                manifest.name(),
                spec.protocol(),
                spec.baseUrl(),
                authHeader(spec),
                authScheme(spec),
                List.copyOf(resolved),
                headers(spec),
                orDefault(spec.timeoutSeconds(), DEFAULT_TIMEOUT_SECONDS),
                orDefault(spec.cooldownSeconds(), DEFAULT_COOLDOWN_SECONDS),
                orDefault(spec.authFailureCooldownSeconds(), DEFAULT_AUTH_FAILURE_COOLDOWN_SECONDS),
                spec.proxy(),
                errorPolicy(spec),
                spec.models() == null ? List.of() : spec.models().stream()
                        .map(m -> new ProviderConfig.ModelInfo(m.name(), m.contextWindow(), m.maxOutputTokens()))
                        .toList(),
                discovery(spec.discovery())));
    }

    private static String defaultHeader(Protocol protocol) {
        return protocol == Protocol.AnthropicMessages ? "x-api-key" : "Authorization";
    }

    private static String authHeader(ProviderSpec spec) {
        return spec.auth() != null && spec.auth().header() != null ? spec.auth().header() : defaultHeader(spec.protocol());
    }

    /**
     * An explicit scheme wins (empty means none). Otherwise Bearer, for OpenAI protocols on their default
     * header only: a custom header such as x-goog-api-key carries the bare key.
     */
    private static String authScheme(ProviderSpec spec) {
        if (spec.auth() != null && spec.auth().scheme() != null) {
            return spec.auth().scheme().isEmpty() ? null : spec.auth().scheme();
        }
        boolean defaultHeader = authHeader(spec).equalsIgnoreCase(defaultHeader(spec.protocol()));
        return defaultHeader && spec.protocol() != Protocol.AnthropicMessages ? "Bearer" : null;
    }

    private static Map<String, String> headers(ProviderSpec spec) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (spec.headers() != null) {
            headers.putAll(spec.headers());
        }
        if (spec.protocol() == Protocol.AnthropicMessages) {
            headers.putIfAbsent(ANTHROPIC_VERSION_HEADER, ANTHROPIC_VERSION);
        }
        return headers;
    }

    private static List<ProviderConfig.ErrorRule> errorPolicy(ProviderSpec spec) {
        List<ProviderConfig.ErrorRule> rules = new ArrayList<>();
        if (spec.errorPolicy() != null) {
            spec.errorPolicy().stream()
                    // an incomplete rule has been reported by the schema check; it never reaches a config
                    .filter(r -> r.status() != null && r.status().stream().noneMatch(Objects::isNull) && r.action() != null)
                    .forEach(r -> rules.add(new ProviderConfig.ErrorRule(
                            r.status(), r.bodyContains(), r.action(), r.cooldownSeconds())));
        }
        rules.addAll(ProviderConfig.DEFAULT_ERROR_POLICY);
        return rules;
    }

    private static ProviderConfig.Discovery discovery(ProviderSpec.Discovery discovery) {
        ProviderSpec.Discovery given = discovery == null ? new ProviderSpec.Discovery(null, null, null) : discovery;
        return new ProviderConfig.Discovery(
                given.enabled() == null || given.enabled(),
                orDefault(given.ttlSeconds(), 3600),
                orDefault(given.timeoutMillis(), 2000));
    }

    static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
