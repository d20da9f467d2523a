package io.modelproxy.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.modelproxy.api.ApiGroup;
import io.modelproxy.api.LogicalModel;
import io.modelproxy.api.ModelGateway;
import io.modelproxy.api.Provider;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The objects of one import while it is under way, as JSON trees keyed by name. Converters build specs
 * with the CRD's field names (so fields added to the API later need no change here), mark what they leave
 * out, and {@link #finish} drops what then dangles (a route to a left-out Provider, a model left without
 * routes, a fallback to a left-out model), with a warning for each, before binding the typed objects.
 */
public final class ManifestDraft {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper BINDER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final Map<String, Entry> providers = new TreeMap<>();
    private final Map<String, Entry> models = new TreeMap<>();
    private final Map<String, Entry> gateways = new TreeMap<>();
    private final Map<String, ObjectNode> secrets = new TreeMap<>();
    private final SortedSet<String> leftOutProviders = new TreeSet<>();
    private final SortedSet<String> leftOutModels = new TreeSet<>();
    private final SortedSet<String> variables = new TreeSet<>();
    private final boolean includeSecretValues;

    /** A document under construction and the source it came from, for notes about it. */
    private record Entry(ObjectNode document, String file, String object) {
        ObjectNode spec() {
            return (ObjectNode) document.get("spec");
        }
    }

    public ManifestDraft(boolean includeSecretValues) {
        this.includeSecretValues = includeSecretValues;
    }

    public boolean hasProvider(String name) {
        return providers.containsKey(name);
    }

    public boolean hasModel(String name) {
        return models.containsKey(name);
    }

    /** The spec of a new Provider; {@code file} and {@code object} name its source in later notes. */
    public ObjectNode provider(String name, String file, String object) {
        return add(providers, Provider.KIND, name, file, object);
    }

    public ObjectNode providerSpec(String name) {
        return providers.get(name).spec();
    }

    public ObjectNode model(String name, String file, String object) {
        return add(models, LogicalModel.KIND, name, file, object);
    }

    public ObjectNode gateway(String name, String file, String object) {
        return add(gateways, ModelGateway.KIND, name, file, object);
    }

    /** The spec of a ModelGateway, created on first use (several source fields may fill one gateway). */
    public ObjectNode gatewaySpec(String name, String file, String object) {
        Entry existing = gateways.get(name);
        return existing != null ? existing.spec() : gateway(name, file, object);
    }

    /** Sets a label of a LogicalModel, e.g. the one a ModelGateway's path prefix selects it by. */
    public void labelModel(String modelName, String key, String value) {
        ((ObjectNode) models.get(modelName).document().get("metadata")).withObject("labels").put(key, value);
    }

    private static ObjectNode add(Map<String, Entry> entries, String kind, String name, String file, String object) {
        ObjectNode document = NODES.objectNode();
        document.put("apiVersion", ApiGroup.API_VERSION);
        document.put("kind", kind);
        document.putObject("metadata").put("name", name);
        ObjectNode spec = document.putObject("spec");
        entries.put(name, new Entry(document, file, object));
        return spec;
    }

    /** Sets an annotation, e.g. the source's display name, so nothing of the source is lost. */
    public void annotate(String providerName, String key, String value) {
        ((ObjectNode) providers.get(providerName).document().get("metadata")).withObject("annotations").put(key, value);
    }

    /** A Provider the source has but this import leaves out (reported by the caller); routes to it go too. */
    public void leaveOutProvider(String name) {
        leftOutProviders.add(name);
    }

    /**
     * A model the source has but this import leaves out (reported by the caller); fallbacks to it go too.
     *
     * @param modelName its client-facing name, as fallbacks name it
     */
    public void leaveOutModel(String name) {
        leftOutModels.add(name);
    }

    /**
     * Gives a Provider its keys: a Secret {@code <provider>-keys} with one entry per variable, referenced as a
     * whole. A key's value is written only with {@code includeSecretValues}; otherwise it is {@code ${VAR}}.
     */
    public void keys(String providerName, Collection<KeyEntry> keys) {
        if (keys.isEmpty()) {
            return;
        }
        String secretName = providerName + "-keys";
        keys.forEach(key -> secretEntry(secretName, key.variable(), key));
        ArrayNode refs = providerSpec(providerName).putArray("apiKeys");
        refs.addObject().putObject("secretRef").put("name", secretName);
    }

    /** One entry of a Secret, created when needed, holding {@code ${VAR}} or the value (when asked). */
    public void secretEntry(String secretName, String entryName, KeyEntry key) {
        ObjectNode secret = secrets.computeIfAbsent(secretName, name -> {
            ObjectNode document = NODES.objectNode();
            document.put("apiVersion", "v1");
            document.put("kind", "Secret");
            document.putObject("metadata").put("name", name);
            document.putObject("stringData");
            return document;
        });
        ObjectNode data = (ObjectNode) secret.get("stringData");
        if (includeSecretValues && key.value() != null) {
            data.put(entryName, key.value());
        } else {
            data.put(entryName, "${" + key.variable() + "}");
            variables.add(key.variable());
        }
    }

    /** The variables that the Secrets read as {@code ${VAR}}: what the user has to set. */
    public SortedSet<String> variables() {
        return new TreeSet<>(variables);
    }

    /**
     * Drops what dangles, sets the namespace and binds the typed objects.
     *
     * @throws IllegalStateException if a converter built a spec the API types reject (a bug, not bad input)
     */
    public ManifestObjects finish(Report report, String namespace) {
        boolean changed = true;
        while (changed) {
            changed = pruneRoutes(report) | pruneFallbacks(report);
        }
        List<Provider> typedProviders = new ArrayList<>();
        providers.values().forEach(e -> typedProviders.add(bind(e.document(), Provider.class, namespace)));
        List<LogicalModel> typedModels = new ArrayList<>();
        models.values().forEach(e -> typedModels.add(bind(e.document(), LogicalModel.class, namespace)));
        List<ModelGateway> typedGateways = new ArrayList<>();
        gateways.values().forEach(e -> typedGateways.add(bind(e.document(), ModelGateway.class, namespace)));
        List<Secret> typedSecrets = new ArrayList<>();
        secrets.entrySet().stream()
                .filter(s -> !s.getKey().endsWith("-keys") || isReferenced(s.getKey()))
                .forEach(s -> typedSecrets.add(bind(s.getValue(), Secret.class, namespace)));
        return new ManifestObjects(typedProviders, typedModels, typedGateways, typedSecrets);
    }

    private boolean isReferenced(String secretName) {
        return providers.values().stream().anyMatch(p -> p.spec().path("apiKeys").findValuesAsText("name")
                .contains(secretName));
    }

    private boolean pruneRoutes(Report report) {
        boolean changed = false;
        for (String name : List.copyOf(models.keySet())) {
            Entry model = models.get(name);
            ArrayNode routes = model.spec().withArray("routes");
            for (int i = routes.size() - 1; i >= 0; i--) {
                String provider = routes.get(i).path("provider").asText();
                if (!providers.containsKey(provider)) {
                    String upstream = routes.get(i).path("model").asText();
                    routes.remove(i);
                    report.warn(model.file(), model.object(), null, "the route to " + provider + "/" + upstream
                            + " is left out with its provider");
                }
            }
            if (routes.isEmpty()) {
                models.remove(name);
                leftOutModels.add(model.spec().path("modelName").asText(name));
                report.warn(model.file(), model.object(), null, "left out: none of its routes could be imported");
                changed = true;
            }
        }
        return changed;
    }

    private boolean pruneFallbacks(Report report) {
        boolean changed = false;
        for (Entry model : models.values()) {
            JsonNode fallbacks = model.spec().get("fallbacks");
            if (fallbacks == null) {
                continue;
            }
            ArrayNode kept = NODES.arrayNode();
            for (JsonNode fallback : fallbacks) {
                if (leftOutModels.contains(fallback.asText())) {
                    report.warn(model.file(), model.object(), null,
                            "fallback " + fallback.asText() + " is left out, as that model is");
                    changed = true;
                } else {
                    kept.add(fallback);
                }
            }
            if (kept.isEmpty()) {
                model.spec().remove("fallbacks");
            } else {
                model.spec().set("fallbacks", kept);
            }
        }
        return changed;
    }

    private static <T extends HasMetadata> T bind(ObjectNode document, Class<T> type, String namespace) {
        if (namespace != null) {
            ((ObjectNode) document.get("metadata")).put("namespace", namespace);
        }
        try {
            return BINDER.treeToValue(document, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("converted " + type.getSimpleName() + " does not bind: "
                    + e.getOriginalMessage(), e);
        }
    }
}
