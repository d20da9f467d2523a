package io.modelproxy.admin.store;

import io.fabric8.kubernetes.client.CustomResource;
import io.modelproxy.api.LogicalModel;
import io.modelproxy.api.ModelGateway;
import io.modelproxy.api.Provider;
import java.util.Arrays;
import java.util.Optional;

/** The three kinds the admin edits, with the path segment of their API and the file new objects go to. */
public enum ObjectKind {
    PROVIDERS("providers", Provider.KIND, "providers.yaml", Provider.class),
    MODELS("models", LogicalModel.KIND, "models.yaml", LogicalModel.class),
    GATEWAYS("gateways", ModelGateway.KIND, "gateways.yaml", ModelGateway.class);

    private final String path;
    private final String kind;
    private final String defaultFile;
    private final Class<? extends CustomResource<?, ?>> type;

    ObjectKind(String path, String kind, String defaultFile, Class<? extends CustomResource<?, ?>> type) {
        this.path = path;
        this.kind = kind;
        this.defaultFile = defaultFile;
        this.type = type;
    }

    /** The segment under {@code /v1/admin/}. */
    public String path() {
        return path;
    }

    /** The manifest's {@code kind}. */
    public String kind() {
        return kind;
    }

    /** Where a new object of this kind is appended in a manifest directory. */
    public String defaultFile() {
        return defaultFile;
    }

    public Class<? extends CustomResource<?, ?>> type() {
        return type;
    }

    public static Optional<ObjectKind> ofPath(String path) {
        return Arrays.stream(values()).filter(k -> k.path.equals(path)).findFirst();
    }

    public static Optional<ObjectKind> ofKind(String kind) {
        return Arrays.stream(values()).filter(k -> k.kind.equals(kind)).findFirst();
    }
}
