package io.modelproxy.manifest;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;

/**
 * One object and where it came from, so every problem about it can name its file.
 *
 * @param file the source file as given to the reader (e.g. {@code examples/quickstart/models.yaml}),
 *     or {@code namespace/Kind/name} for an object read from a cluster
 * @param object the typed object; its metadata.name is set
 */
public record Manifest<T extends HasMetadata>(String file, T object) {
    public Manifest {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(object, "object");
    }

    public String name() {
        return object.getMetadata().getName();
    }

    public String kind() {
        return object.getKind();
    }
}
