package io.modelproxy.operator.cluster;

import io.modelproxy.api.LogicalModel;
import io.modelproxy.api.LogicalModelSpec;
import io.modelproxy.api.ModelGateway;
import io.modelproxy.api.ModelGatewaySpec;
import io.modelproxy.api.Provider;
import io.modelproxy.api.SecretSource;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/** Which objects a resource names, read straight from its spec (no resolution). */
public final class References {
    private References() {}

    /** Secrets a Provider takes its API keys from. */
    public static Set<String> secrets(Provider provider) {
        if (provider.getSpec() == null || provider.getSpec().apiKeys() == null) {
            return Set.of();
        }
        return provider.getSpec().apiKeys().stream()
                .filter(Objects::nonNull)
                .map(SecretSource::secretRef)
                .filter(Objects::nonNull)
                .map(ref -> ref.name())
                .filter(Objects::nonNull)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Providers a LogicalModel routes to. */
    public static Set<String> providers(LogicalModel model) {
        if (model.getSpec() == null || model.getSpec().routes() == null) {
            return Set.of();
        }
        return model.getSpec().routes().stream()
                .filter(Objects::nonNull)
                .map(LogicalModelSpec.Route::provider)
                .filter(Objects::nonNull)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The Secrets a ModelGateway itself reads: its client keys and its Redis password. */
    public static Set<String> clientKeySecrets(ModelGateway gateway) {
        if (gateway.getSpec() == null) {
            return Set.of();
        }
        Set<String> names = new HashSet<>();
        if (gateway.getSpec().clientKeys() != null && gateway.getSpec().clientKeys().secretRef() != null
                && gateway.getSpec().clientKeys().secretRef().name() != null) {
            names.add(gateway.getSpec().clientKeys().secretRef().name());
        }
        ModelGatewaySpec.SharedState shared = gateway.getSpec().sharedState();
        if (shared != null && shared.redis() != null && shared.redis().passwordSecretRef() != null
                && shared.redis().passwordSecretRef().name() != null) {
            names.add(shared.redis().passwordSecretRef().name());
        }
        return Set.copyOf(names);
    }
}
