package io.modelproxy.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * The one document a gateway runs from: every provider and logical model it serves, validated,
 * with references resolved and defaults applied. Keys appear only as {@link KeyRef}s, never by value.
 *
 * <p>Produced by {@code ConfigCompiler} (standalone, {@code model-proxy compile}, and the operator's
 * ConfigMap); read by the gateway.
 *
 * @param sources which version of each object the providers, models and settings were compiled from,
 *     sorted by kind and name; empty for a hand-written config
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GatewayConfig(
        int version,
        GatewaySettings gateway,
        List<ProviderConfig> providers,
        List<ModelConfig> models,
        List<ObjectSource> sources) {

    /** The format version this build writes and reads. */
    public static final int CURRENT_VERSION = 1;

    /** Map entries sorted by key: Map.copyOf iterates in a per-JVM random order, and the operator hashes the JSON. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public GatewayConfig {
        providers = List.copyOf(providers);
        models = List.copyOf(models);
        sources = sources == null ? List.of() : List.copyOf(sources);
    }

    /** A config that records no source versions, as a hand-written one. */
    public GatewayConfig(int version, GatewaySettings gateway, List<ProviderConfig> providers, List<ModelConfig> models) {
        this(version, gateway, providers, models, List.of());
    }

    /** The version of an object this config was compiled from, if it records one. */
    public Optional<ObjectSource> source(String kind, String name) {
        return sources.stream().filter(s -> s.kind().equals(kind) && s.name().equals(name)).findFirst();
    }

    /** The config as pretty-printed JSON, the form written to ConfigMaps and printed by {@code compile}. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException("GatewayConfig is always serializable", e);
        }
    }

    /** Reads a GatewayConfig document; rejects one written by a newer, incompatible format version. */
    public static GatewayConfig fromJson(InputStream in) throws IOException {
        GatewayConfig config = JSON.readValue(in, GatewayConfig.class);
        if (config.version() > CURRENT_VERSION) {
            throw new IOException("GatewayConfig version " + config.version()
                    + " is newer than this gateway understands (" + CURRENT_VERSION + ")");
        }
        return config;
    }
}
