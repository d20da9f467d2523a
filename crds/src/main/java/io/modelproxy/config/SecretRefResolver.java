package io.modelproxy.config;

import io.modelproxy.api.SecretKeyRef;
import io.modelproxy.api.SecretSource;
import io.modelproxy.manifest.Manifest;
import io.modelproxy.manifest.Problem;
import io.modelproxy.manifest.Problem.Reason;
import io.modelproxy.manifest.SecretManifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns Secret references into {@link KeyRef}s: a reference without {@code key} is every key of the
 * Secret in key order; with {@code key}, that key, which must exist. A key left out because its
 * {@code ${VAR}} is unset is skipped quietly here: the reader already warned about it.
 */
final class SecretRefResolver {
    private final Map<String, SecretManifest> secrets;

    SecretRefResolver(Map<String, SecretManifest> secrets) {
        this.secrets = secrets;
    }

    /**
     * The keys one reference names.
     *
     * @param field the reference's path in the owner, e.g. {@code spec.apiKeys[0]}
     * @return the keys (possibly none, when they are unset), or empty when the reference is broken,
     *     which has been reported as an error
     */
    Optional<List<KeyRef>> resolve(Manifest<?> owner, SecretSource source, String field, List<Problem> problems) {
        SecretKeyRef ref = source == null ? null : source.secretRef();
        if (ref == null || ref.name() == null) {
            return Optional.empty();  // the schema check has reported the missing secretRef
        }
        SecretManifest secret = secrets.get(ref.name());
        if (secret == null) {
            problems.add(Problem.error(Reason.SecretNotFound, owner.file(), owner.kind(), owner.name(),
                    field + ".secretRef.name", "Secret " + ref.name() + " not found"));
            return Optional.empty();
        }
        if (ref.key() == null) {
            List<KeyRef> keys = new ArrayList<>();
            secret.values().keySet().forEach(key -> keys.add(new KeyRef(ref.name(), key)));
            return Optional.of(keys);
        }
        if (secret.values().containsKey(ref.key())) {
            return Optional.of(List.of(new KeyRef(ref.name(), ref.key())));
        }
        if (secret.unset().containsKey(ref.key())) {
            return Optional.of(List.of());
        }
        problems.add(Problem.error(Reason.SecretKeyMissing, owner.file(), owner.kind(), owner.name(),
                    field + ".secretRef.key", "Secret " + ref.name() + " has no key " + ref.key() + (secret.values().isEmpty()
                        ? " (it has none)" : " (it has: " + String.join(", ", secret.values().keySet()) + ")")));
        return Optional.empty();
    }

    /** Whether this reference covers a key that the reader left out because its {@code ${VAR}} is unset. */
    boolean coversUnsetKey(SecretSource source) {
        SecretKeyRef ref = source == null ? null : source.secretRef();
        SecretManifest secret = ref == null ? null : secrets.get(ref.name());
        if (secret == null) {
            return false;
        }
        return ref.key() == null ? !secret.unset().isEmpty() : secret.unset().containsKey(ref.key());
    }
}
