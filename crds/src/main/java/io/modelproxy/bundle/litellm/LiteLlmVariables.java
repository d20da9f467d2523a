package io.modelproxy.bundle.litellm;

import io.modelproxy.bundle.KeyEntry;
import io.modelproxy.bundle.ObjectNames;
import io.modelproxy.bundle.SourceEnvironment;
import io.modelproxy.bundle.SourceNode;
import java.util.Optional;

/**
 * LiteLLM's {@code os.environ/VAR} references, looked up in the config's {@code environment_variables} and
 * then in this environment.
 */
final class LiteLlmVariables {
    private static final String ENV = "os.environ/";

    private final SourceEnvironment environment;

    LiteLlmVariables(SourceEnvironment environment) {
        this.environment = environment;
    }

    /** A value with {@code os.environ/VAR} expanded; an unset variable is an error (and the text is kept). */
    String resolve(SourceNode node, String field, String value) {
        if (!value.startsWith(ENV)) {
            return value;
        }
        String variable = value.substring(ENV.length());
        Optional<String> set = environment.value(variable);
        if (set.isEmpty()) {
            node.error(field, value + " is not set (neither in environment_variables nor in this environment)");
            return value;
        }
        return set.get();
    }

    /** {@code os.environ/VAR} names the variable; a literal key is named after its Provider. */
    KeyEntry key(String apiKey, String providerName) {
        if (apiKey.startsWith(ENV)) {
            return variable(apiKey.substring(ENV.length()));
        }
        return new KeyEntry(ObjectNames.variable(providerName) + "_API_KEY", apiKey);
    }

    /** The {@code master_key}: {@code os.environ/VAR} names the variable, a literal is LITELLM_MASTER_KEY. */
    KeyEntry masterKey(String key) {
        KeyEntry client = key.startsWith(ENV)
                ? KeyEntry.named(key.substring(ENV.length()))
                : new KeyEntry("LITELLM_MASTER_KEY", key);
        return new KeyEntry(client.variable(),
                client.value() != null ? client.value() : environment.value(client.variable()).orElse(null));
    }

    /** A key read from {@code variable}, with its value when the variable is set. */
    KeyEntry variable(String variable) {
        return new KeyEntry(variable, environment.value(variable).orElse(null));
    }
}
