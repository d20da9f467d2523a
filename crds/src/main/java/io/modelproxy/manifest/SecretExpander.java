package io.modelproxy.manifest;

import io.fabric8.kubernetes.api.model.Secret;
import io.modelproxy.manifest.Problem.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Turns a bound Secret into its values, expanding {@code ${VAR}} in {@code stringData} from an environment. */
final class SecretExpander {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private final Map<String, String> env;

    SecretExpander(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /**
     * The Secret's values: {@code data} decoded, then {@code stringData} with {@code ${VAR}} expanded.
     * A value whose variable is unset leaves its key out, so a provider runs with the keys that are set.
     */
    SecretManifest expand(String file, Secret secret, ManifestBatch batch) {
        String name = secret.getMetadata().getName();
        SortedMap<String, String> values = new TreeMap<>();
        SortedMap<String, String> unset = new TreeMap<>();
        if (secret.getData() != null) {
            new TreeMap<>(secret.getData()).forEach((key, base64) -> {
                try {
                    values.put(key, SecretManifest.decode(base64));
                } catch (IllegalArgumentException e) {
                    batch.problems.add(Problem.error(Reason.InvalidField, file, ManifestReader.SECRET, name, "data." + key,
                            "not valid base64 (use stringData for plain text)"));
                }
            });
        }
        if (secret.getStringData() != null) {
            new TreeMap<>(secret.getStringData()).forEach((key, value) -> {
                List<String> missing = new ArrayList<>();
                Matcher matcher = VARIABLE.matcher(value == null ? "" : value);
                String expanded = matcher.replaceAll(match -> {
                    String set = env.get(match.group(1));
                    if (set == null || set.isEmpty()) {
                        missing.add(match.group(1));
                        return "";
                    }
                    return Matcher.quoteReplacement(set);
                });
                if (missing.isEmpty()) {
                    values.put(key, expanded);
                } else {
                    values.remove(key);
                    unset.put(key, missing.getFirst());
                    String variables = missing.stream().map(v -> "${" + v + "}").collect(Collectors.joining(", "));
                    batch.problems.add(Problem.warning(Reason.UnsetVariable, file, ManifestReader.SECRET, name, "stringData." + key,
                            variables + (missing.size() == 1 ? " is" : " are") + " not set; key " + key
                                    + " is left out"));
                }
            });
        }
        return new SecretManifest(file, name, values, unset);
    }
}
