package io.modelproxy.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A path prefix the gateway's API is also served under, e.g. {@code /team-a}: {@code /team-a/v1/chat/completions}.
 *
 * @param prefix starts with '/', no trailing '/'
 * @param models the client-facing names of the LogicalModels served under it (their aliases too); null: every model
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PathPrefix(String prefix, List<String> models) {
    public PathPrefix {
        models = models == null ? null : List.copyOf(models);
    }

    /** Whether a request under this prefix may use the model of this client-facing name. */
    public boolean serves(String modelName) {
        return models == null || models.contains(modelName);
    }
}
