package io.modelproxy.admin.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelproxy.manifest.ManifestSet;
import io.modelproxy.manifest.Problem;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the admin reads and writes Providers, LogicalModels and ModelGateways: manifest files in a
 * directory, or custom resources in a cluster namespace. The admin never keeps a database of its own.
 *
 * <p>Every method may block (file or Kubernetes IO): call it off the event loop. Refusals are
 * {@link EditRefused}.
 */
public interface ManifestStore {

    /** {@code directory} or {@code cluster}, for the UI. */
    String mode();

    /** Where the store is: the directory, or the namespace. */
    String location();

    List<StoredObject> list(ObjectKind kind);

    Optional<StoredObject> get(ObjectKind kind, String name);

    /**
     * Writes one object (creates or replaces it), after checking that the manifests still compile.
     *
     * @param manifest the object; its kind and name must match (apiVersion, kind and name are filled in)
     * @param dryRun true to check and preview only: nothing is written
     * @throws EditRefused 400 if it would not compile (with the problems), 409 if stale or read-only
     */
    Written put(ObjectKind kind, String name, JsonNode manifest, Precondition precondition, boolean dryRun);

    /** Deletes one object; 404 if there is none, 409 if stale or read-only. */
    void delete(ObjectKind kind, String name, Precondition precondition);

    /**
     * Sets (or rotates) one key of a Secret, creating the Secret if needed. The value is never returned.
     *
     * @return the key's short digest
     */
    String setKey(String secret, String key, String value);

    /** Each Secret's keys and their short digests, as far as this store may read them; never values. */
    Map<String, Map<String, String>> keyDigests();

    /** What the compiler says about the manifests as they are now: errors and warnings. */
    List<Problem> problems();

    /**
     * The objects as the compiler reads them, without any environment: what exports and import plans work on.
     * A directory's Secrets keep their {@code ${VAR}} entries as variables; a cluster store holds no Secrets
     * (it may not read them).
     */
    ManifestSet manifests();

    /**
     * Where {@code ${VAR}} entries of Secrets take their values: the gateway's environment for a manifest
     * directory; empty where a Secret entry cannot be a variable (a cluster's Secrets hold values only).
     */
    Optional<Map<String, String>> variables();

    /**
     * The result of a put.
     *
     * @param object the object as stored (as it would be, for a dry run)
     * @param yaml the manifest text written (or to be written)
     * @param warnings the compiler's warnings after the edit
     * @param changed false when the object was already exactly so and nothing was written
     */
    record Written(StoredObject object, String yaml, List<Problem> warnings, boolean changed) {
        public Written {
            warnings = List.copyOf(warnings);
        }
    }
}
