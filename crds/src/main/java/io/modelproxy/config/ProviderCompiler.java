package io.modelproxy.config;

import io.modelproxy.api.Dialect;
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

/** Resolves one Provider into a {@link ProviderConfig}: keys, auth, headers, error policy, defaults. */
final class ProviderCompiler {
    private final SecretRefResolver keys;
    /** Providers of this compilation left out for want of a key, not for an error. */
    private final Set<String> keyless = new HashSet<>();

    ProviderCompiler(SecretRefResolver keys) {
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
        if (spec == null || spec.protocol() == null) {
            return Optional.empty();
        }
        if (spec.protocol() == Dialect.Mock) {
            return Optional.of(mock(manifest.name(), spec));
        }
        if (spec.baseUrl() == null) {
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
        String header = spec.auth() == null ? null : spec.auth().header();
        return Optional.of(new ProviderConfig(
                manifest.name(),
                spec.protocol(),
                spec.baseUrl(),
                ConfigDefaults.authHeader(spec.protocol(), header),
                ConfigDefaults.authScheme(spec.protocol(), header, spec.auth() == null ? null : spec.auth().scheme()),
                List.copyOf(resolved),
                ConfigDefaults.headers(spec.protocol(), spec.headers()),
                ConfigDefaults.orDefault(spec.timeoutSeconds(), ConfigDefaults.PROVIDER_TIMEOUT_SECONDS),
                ConfigDefaults.orDefault(spec.cooldownSeconds(), ConfigDefaults.COOLDOWN_SECONDS),
                ConfigDefaults.orDefault(spec.authFailureCooldownSeconds(), ConfigDefaults.AUTH_FAILURE_COOLDOWN_SECONDS),
                spec.proxy(),
                spec.http() == null ? null : spec.http().version(),
                ConfigDefaults.errorPolicy(overrides(spec)),
                models(spec),
                discovery(spec.discovery()),
                null));
    }

    /** A Mock provider: no URL, keys or error policy, and nothing to discover. */
    private static ProviderConfig mock(String name, ProviderSpec spec) {
        ProviderSpec.Mock mock = spec.mock();
        return new ProviderConfig(name, Dialect.Mock, null, ConfigDefaults.authHeader(Dialect.Mock, null),
                ConfigDefaults.authScheme(Dialect.Mock, null, null), List.of(), Map.of(),
                ConfigDefaults.orDefault(spec.timeoutSeconds(), ConfigDefaults.PROVIDER_TIMEOUT_SECONDS),
                ConfigDefaults.COOLDOWN_SECONDS, ConfigDefaults.AUTH_FAILURE_COOLDOWN_SECONDS, null, null,
                ConfigDefaults.errorPolicy(List.of()),
                models(spec), ConfigDefaults.discovery(false, null, null),
                ConfigDefaults.mock(mock == null ? null : mock.reply(), mock == null ? null : mock.latencyMillis(),
                        mock == null ? null : mock.chunkChars()));
    }

    private static List<ProviderConfig.ModelInfo> models(ProviderSpec spec) {
        return spec.models() == null ? List.of() : spec.models().stream()
                .map(m -> new ProviderConfig.ModelInfo(m.name(), m.contextWindow(), m.maxOutputTokens()))
                .toList();
    }

    private static List<ProviderConfig.ErrorRule> overrides(ProviderSpec spec) {
        List<ProviderConfig.ErrorRule> rules = new ArrayList<>();
        if (spec.errorPolicy() != null) {
            spec.errorPolicy().stream()
                    // an incomplete rule has been reported by the schema check; it never reaches a config
                    .filter(r -> r.status() != null && r.status().stream().noneMatch(Objects::isNull) && r.action() != null)
                    .forEach(r -> rules.add(new ProviderConfig.ErrorRule(
                            r.status(), r.bodyContains(), r.action(), r.cooldownSeconds())));
        }
        return rules;
    }

    private static ProviderConfig.Discovery discovery(ProviderSpec.Discovery given) {
        return given == null ? ConfigDefaults.discovery(null, null, null)
                : ConfigDefaults.discovery(given.enabled(), given.ttlSeconds(), given.timeoutMillis());
    }
}
