package io.modelproxy.bundle.modelproxy;

import io.modelproxy.bundle.KeyEntry;
import io.modelproxy.bundle.ObjectNames;
import io.modelproxy.bundle.SourceEnvironment;
import io.modelproxy.bundle.SourceNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A Model-Proxy provider's {@code api_keys} as the keys of its Provider's Secret. */
final class ProviderKeyImport {
    private final SourceEnvironment environment;
    private final Map<String, List<KeyEntry>> bundleKeys;

    ProviderKeyImport(SourceEnvironment environment, Map<String, List<KeyEntry>> bundleKeys) {
        this.environment = environment;
        this.bundleKeys = bundleKeys;
    }

    /**
     * The provider's keys: those a bundle lists for it, or else every variable of the environment its
     * {@code env_var_patterns} match; then its {@code default_value}, as the last key.
     */
    List<KeyEntry> read(SourceNode provider, String sourceName) {
        String variable = ObjectNames.variable(sourceName);
        List<String> patterns = KeyPatterns.defaults();
        Optional<String> defaultValue = Optional.empty();
        Optional<SourceNode> apiKeys = provider.object("api_keys");
        if (apiKeys.isPresent()) {
            List<String> given = apiKeys.get().texts("env_var_patterns");
            if (!given.isEmpty()) {
                patterns = given;
            }
            defaultValue = apiKeys.get().text("default_value");
            apiKeys.get().finish(true);
        }
        List<KeyEntry> keys = new ArrayList<>();
        List<KeyEntry> listed = bundleKeys.get(sourceName);
        if (listed != null) {
            keys.addAll(listed.stream()
                    .map(k -> new KeyEntry(k.variable(), k.value() != null ? k.value()
                            : environment.value(k.variable()).orElse(null)))
                    .toList());
        } else {
            List<String> names = KeyPatterns.expand(patterns, variable, environment.names());
            if (names.isEmpty()) {
                names = KeyPatterns.expand(patterns, variable, Set.of());
                provider.warn("api_keys.env_var_patterns", "no variable of the environment matches; the Secret "
                        + "reads each pattern's first name");
            }
            names.forEach(n -> keys.add(new KeyEntry(n, environment.value(n).orElse(null))));
        }
        defaultValue.ifPresent(value -> {
            apiKeys.orElseThrow().warn("default_value", "imported as the last key, " + variable
                    + "_DEFAULT_API_KEY (its value is written only with --include-secret-values)");
            keys.add(new KeyEntry(variable + "_DEFAULT_API_KEY", value));
        });
        return keys;
    }
}
