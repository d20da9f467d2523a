package io.modelproxy.admin.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.modelproxy.api.ApiGroup;
import java.util.List;

/**
 * The shape the admin writes an object in: apiVersion, kind, metadata (name, namespace, labels,
 * annotations) and spec, in that order. Server-owned fields (status, resourceVersion, uid, managed
 * fields) are dropped, so what is written is what a person would commit.
 */
public final class ManifestShape {
    public static final ObjectMapper JSON = JsonMapper.builder().build();
    public static final ObjectMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build();
    private static final List<String> KEPT_METADATA = List.of("name", "namespace", "labels", "annotations");

    private ManifestShape() {}

    /**
     * The object as the admin writes it.
     *
     * @throws EditRefused 400 when its kind or name contradicts where it is written
     */
    public static ObjectNode normalize(ObjectKind kind, String name, JsonNode given) {
        if (!(given instanceof ObjectNode object)) {
            throw EditRefused.invalid("expected a " + kind.kind() + " object", null);
        }
        String givenKind = object.path("kind").asText(kind.kind());
        if (!givenKind.equals(kind.kind())) {
            throw EditRefused.invalid("kind must be " + kind.kind() + " here, not " + givenKind, "kind");
        }
        String givenVersion = object.path("apiVersion").asText(ApiGroup.API_VERSION);
        if (!givenVersion.equals(ApiGroup.API_VERSION)) {
            throw EditRefused.invalid("apiVersion must be " + ApiGroup.API_VERSION, "apiVersion");
        }
        JsonNode metadata = object.path("metadata");
        String givenName = metadata.path("name").asText(name);
        if (!givenName.equals(name)) {
            throw EditRefused.invalid("metadata.name is " + givenName + " but the object is written as " + name
                    + " (rename by creating the new one and deleting the old one)", "metadata.name");
        }
        ObjectNode shaped = JSON.createObjectNode();
        shaped.put("apiVersion", ApiGroup.API_VERSION);
        shaped.put("kind", kind.kind());
        ObjectNode meta = shaped.putObject("metadata");
        meta.put("name", name);
        for (String field : KEPT_METADATA.subList(1, KEPT_METADATA.size())) {
            JsonNode value = metadata.get(field);
            if (value != null && !value.isNull() && !(value.isContainerNode() && value.isEmpty())) {
                meta.set(field, value);
            }
        }
        JsonNode spec = object.get("spec");
        shaped.set("spec", spec == null || spec.isNull() ? JSON.createObjectNode() : spec);
        return shaped;
    }

    public static String yaml(JsonNode object) {
        try {
            return YAML.writeValueAsString(object);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always has a YAML form", e);
        }
    }

    public static String prettyJson(JsonNode object) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(object) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }
}
