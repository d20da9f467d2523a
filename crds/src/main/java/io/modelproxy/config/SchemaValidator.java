package io.modelproxy.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.modelproxy.api.ApiGroup;
import io.modelproxy.api.LogicalModel;
import io.modelproxy.api.ModelGateway;
import io.modelproxy.api.Provider;
import io.modelproxy.manifest.Manifest;
import io.modelproxy.manifest.Problem;
import io.modelproxy.manifest.Problem.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * Checks a spec against the OpenAPI schema of the generated CRD, as the API server does at
 * {@code kubectl apply}: required fields, minimum and maximum, patterns, minItems and enums.
 *
 * <p>Standalone has no API server, so this is its {@code kubectl apply}. Reading the generated schema
 * (rather than repeating the annotations in code) keeps the two in step when a field is added.
 * The CEL rules ({@code x-kubernetes-validations}) are cross-field checks; {@link ModelNames}
 * implements them with resolved names.
 */
final class SchemaValidator {
    private static final ObjectMapper TREE = JsonMapper.builder().build();
    private static final Map<String, JsonNode> SPEC_SCHEMAS = Map.of(
            Provider.KIND, specSchema(Provider.class),
            LogicalModel.KIND, specSchema(LogicalModel.class),
            ModelGateway.KIND, specSchema(ModelGateway.class));

    private SchemaValidator() {}

    /** The schema problems of one object's spec; a missing spec is checked as an empty one. */
    static List<Problem> validate(Manifest<? extends HasMetadata> manifest, Object spec) {
        JsonNode schema = SPEC_SCHEMAS.get(manifest.kind());
        JsonNode value = spec == null ? JsonNodeFactory.instance.objectNode() : TREE.valueToTree(spec);
        List<Problem> problems = new ArrayList<>();
        check(schema, value, "spec", (field, message) -> problems.add(Problem.error(
                Reason.InvalidField, manifest.file(), manifest.kind(), manifest.name(), field, message)));
        return problems;
    }

    private interface Violation {
        void at(String field, String message);
    }

    private static void check(JsonNode schema, JsonNode value, String path, Violation violation) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return;
        }
        if (value.isObject()) {
            for (JsonNode required : schema.path("required")) {
                JsonNode field = value.get(required.asText());
                if (field == null || field.isNull()) {
                    violation.at(path + "." + required.asText(), "required but missing");
                }
            }
            schema.path("properties").properties().forEach(property ->
                    check(property.getValue(), value.get(property.getKey()), path + "." + property.getKey(), violation));
            JsonNode additional = schema.path("additionalProperties");
            if (additional.isObject()) {
                value.properties().forEach(entry ->
                        check(additional, entry.getValue(), path + "." + entry.getKey(), violation));
            }
        } else if (value.isArray()) {
            int minItems = schema.path("minItems").asInt(0);
            if (value.size() < minItems) {
                violation.at(path, "needs at least " + minItems + (minItems == 1 ? " item" : " items"));
            }
            for (int i = 0; i < value.size(); i++) {
                check(schema.path("items"), value.get(i), path + "[" + i + "]", violation);
            }
        } else if (value.isNumber()) {
            if (schema.has("minimum") && value.asDouble() < schema.get("minimum").asDouble()) {
                violation.at(path, "must be at least " + number(schema.get("minimum")) + ", got " + value.asText());
            }
            if (schema.has("maximum") && value.asDouble() > schema.get("maximum").asDouble()) {
                violation.at(path, "must be at most " + number(schema.get("maximum")) + ", got " + value.asText());
            }
        } else if (value.isTextual()) {
            String pattern = schema.path("pattern").textValue();
            // The value is not echoed: a URL may carry credentials (http://user:pass@proxy).
            if (pattern != null && !Pattern.compile(pattern).matcher(value.textValue()).find()) {
                violation.at(path, "must match " + pattern);
            }
            JsonNode allowed = schema.path("enum");
            if (allowed.isArray() && StreamSupport.stream(allowed.spliterator(), false)
                    .noneMatch(v -> v.asText().equals(value.textValue()))) {
                violation.at(path, "must be one of " + StreamSupport.stream(allowed.spliterator(), false)
                        .map(JsonNode::asText).collect(Collectors.joining(", ")));
            }
        }
    }

    private static String number(JsonNode limit) {
        double value = limit.asDouble();
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    /** The generated CRD's schema of {@code spec}, read from the classpath where the CRD generator put it. */
    private static JsonNode specSchema(Class<? extends HasMetadata> type) {
        String resource = "/META-INF/fabric8/" + HasMetadata.getPlural(type) + "." + ApiGroup.GROUP + "-v1.yml";
        try (InputStream in = Optional.ofNullable(SchemaValidator.class.getResourceAsStream(resource))
                .orElseThrow(() -> new IllegalStateException(resource
                        + " is not on the classpath: build the crds module with Maven, which generates it"))) {
            JsonNode crd = new YAMLMapper().readTree(in);
            return crd.path("spec").path("versions").path(0).path("schema").path("openAPIV3Schema")
                    .path("properties").path("spec");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
