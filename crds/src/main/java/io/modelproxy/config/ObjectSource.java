package io.modelproxy.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * Which version of one object a GatewayConfig holds, so that the next compile can tell an edited
 * object from an unchanged one and name the version it keeps serving when an edit is invalid.
 *
 * @param kind Provider, LogicalModel or ModelGateway
 * @param name the object's metadata.name
 * @param file where it was read from ({@code namespace/Kind/name} for a cluster object)
 * @param generation its metadata.generation; null for an object read from a file, which has none
 * @param digest sha256 of its spec and labels
 * @param modelName for a LogicalModel, the client-facing id it compiled to
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ObjectSource(String kind, String name, String file, Long generation, String digest, String modelName) {
    public ObjectSource {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }

    /** {@code Kind/name}, the way kubectl names an object. */
    public String id() {
        return kind + "/" + name;
    }

    /** "generation N", or "its last valid version" for an object read from a file. */
    public String version() {
        return generation == null ? "its last valid version" : "generation " + generation;
    }
}
