package io.modelproxy.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes objects as multi-document YAML that {@code kubectl apply -f} and {@code model-proxy validate}
 * read: the same objects give the same bytes (lists sorted by name, map entries by key, fields in the API
 * types' order), with no status and no server-set metadata.
 */
public final class ManifestYaml {
    /** The metadata a manifest carries; uid, resourceVersion, managedFields and the rest are the server's. */
    private static final Set<String> METADATA = Set.of("name", "namespace", "labels", "annotations");
    private static final ObjectMapper TREE = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build();

    private ManifestYaml() {}

    /** One file per kind, named as {@code model-proxy import --out} writes them; kinds with no object are left out. */
    public static Map<String, String> files(ManifestObjects objects) {
        Map<String, String> files = new LinkedHashMap<>();
        put(files, "providers.yaml", objects.providers());
        put(files, "models.yaml", objects.logicalModels());
        put(files, "gateways.yaml", objects.gateways());
        put(files, "secrets.yaml", objects.secrets());
        return files;
    }

    private static void put(Map<String, String> files, String name, List<? extends HasMetadata> objects) {
        if (!objects.isEmpty()) {
            files.put(name, write(objects));
        }
    }

    /** Every object in one stream: Providers, LogicalModels, ModelGateways, then Secrets. */
    public static String all(ManifestObjects objects) {
        List<HasMetadata> every = new ArrayList<>();
        every.addAll(objects.providers());
        every.addAll(objects.logicalModels());
        every.addAll(objects.gateways());
        every.addAll(objects.secrets());
        return write(every);
    }

    /** The given objects, in the given order, separated by {@code ---}. */
    public static String write(List<? extends HasMetadata> objects) {
        StringBuilder yaml = new StringBuilder();
        for (HasMetadata object : objects) {
            if (!yaml.isEmpty()) {
                yaml.append("---\n");
            }
            try {
                yaml.append(YAML.writeValueAsString(tree(object)));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
        return yaml.toString();
    }

    /** An object as the tree that is written: no status, manifest metadata only, nothing null or empty. */
    public static ObjectNode tree(HasMetadata object) {
        ObjectNode tree = TREE.valueToTree(object);
        tree.remove("status");
        JsonNode metadata = tree.get("metadata");
        if (metadata instanceof ObjectNode meta) {
            meta.retain(METADATA);
        }
        prune(tree);
        return tree;
    }

    private static void prune(JsonNode node) {
        Iterator<JsonNode> children = node.elements();
        while (children.hasNext()) {
            JsonNode child = children.next();
            prune(child);
            if (child.isNull() || (child.isContainerNode() && child.isEmpty())) {
                children.remove();
            }
        }
    }
}
