package io.modelproxy.admin.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * One object as a store holds it.
 *
 * @param kind its kind
 * @param name its metadata.name
 * @param version what a writer sends back ({@code If-Match}) to prove it edits what it read
 * @param manifest the object as a manifest: apiVersion, kind, metadata, spec and, from a cluster, status
 * @param source the file it is in (relative to the store's directory), or {@code namespace/Kind/name}
 * @param readOnly why the admin must not change it (GitOps manages it); null when it may
 */
public record StoredObject(
        ObjectKind kind, String name, String version, ObjectNode manifest, String source, String readOnly) {
    public StoredObject {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(manifest, "manifest");
    }
}
