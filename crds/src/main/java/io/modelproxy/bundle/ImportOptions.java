package io.modelproxy.bundle;

import java.util.Map;

/**
 * How an import runs.
 *
 * @param namespace metadata.namespace for every object; null for none (kubectl's current namespace)
 * @param includeSecretValues write literal key values found in the source into the Secrets; otherwise each
 *     key becomes a {@code ${VAR}} entry and the variable is listed in {@link ImportResult#variables()}
 * @param environment variables to expand {@code ${VAR}} base URLs and key name patterns against when the
 *     source carries no environment of its own (the CLI passes its process environment); values are only
 *     ever copied into base URLs, never into a report
 */
public record ImportOptions(String namespace, boolean includeSecretValues, Map<String, String> environment) {
    public ImportOptions {
        environment = Map.copyOf(environment);
    }

    /** No namespace, no key values, no environment. */
    public static ImportOptions defaults() {
        return new ImportOptions(null, false, Map.of());
    }
}
