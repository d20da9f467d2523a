package io.modelproxy.manifest;

import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A v1 Secret with its values decoded ({@code data} from base64, {@code stringData} as written,
 * {@code stringData} winning as the API server does).
 *
 * <p>Values are here because the standalone gateway resolves its KeyRefs from them; they never
 * leave through {@link #toString()}, problems or the GatewayConfig.
 *
 * @param file where the Secret came from
 * @param name metadata.name
 * @param values key to value, sorted by key (the order a whole-Secret reference expands in)
 * @param unset keys left out because a {@code ${VAR}} in their stringData value is not set, to the
 *     variable's name
 */
public record SecretManifest(String file, String name, SortedMap<String, String> values, SortedMap<String, String> unset) {

    public SecretManifest {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(name, "name");
        values = Collections.unmodifiableSortedMap(new TreeMap<>(values));
        unset = Collections.unmodifiableSortedMap(new TreeMap<>(unset));
    }

    /**
     * A Secret as a cluster holds it: no {@code ${VAR}} expansion (that is for standalone files only).
     *
     * @throws IllegalArgumentException if a {@code data} value is not base64
     */
    public static SecretManifest of(String file, Secret secret) {
        SortedMap<String, String> values = new TreeMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((key, base64) ->
                    values.put(key, decode(base64)));
        }
        if (secret.getStringData() != null) {
            secret.getStringData().forEach((key, value) -> values.put(key, value == null ? "" : value));
        }
        return new SecretManifest(file, secret.getMetadata().getName(), values, new TreeMap<>());
    }

    /**
     * Decodes one {@code data} value as the API server does (standard base64, no line breaks).
     *
     * @throws IllegalArgumentException if it is not base64
     */
    static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64 == null ? "" : base64.strip()), StandardCharsets.UTF_8);
    }

    public Optional<String> value(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** Names only: values stay out of logs and error messages. */
    @Override
    public String toString() {
        return "SecretManifest[file=" + file + ", name=" + name + ", keys=" + values.keySet()
                + ", unset=" + unset + "]";
    }
}
