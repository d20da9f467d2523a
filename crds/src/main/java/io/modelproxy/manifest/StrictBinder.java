package io.modelproxy.manifest;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.modelproxy.manifest.Problem.Reason;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Binds one parsed object to its API type as strictly as the API server validates it: the name must be a
 * valid object name, unknown fields and wrong scalar types fail. A failure becomes one {@link Problem}
 * saying which field does not fit and why.
 */
final class StrictBinder {
    /** RFC 1123 subdomain, what the API server requires of metadata.name. */
    private static final Pattern OBJECT_NAME = Pattern.compile("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$");
    private static final int MAX_NAME_LENGTH = 253;
    private static final ObjectMapper BINDER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfig(LogicalType.Textual, text -> text
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    private StrictBinder() {
    }

    static <T extends HasMetadata> Optional<T> bind(
            String file, ManifestDocument document, ObjectNode object, Class<T> type, ManifestBatch batch) {
        String kind = object.path("kind").textValue();
        String name = object.path("metadata").path("name").textValue();
        if (name == null || name.isEmpty()) {
            batch.problems.add(Problem.error(Reason.InvalidField, file, kind, null, "metadata.name",
                    "required (a string), but missing in " + document.where()));
            return Optional.empty();
        }
        if (name.length() > MAX_NAME_LENGTH || !OBJECT_NAME.matcher(name).matches()) {
            batch.problems.add(Problem.error(Reason.InvalidField, file, kind, name, "metadata.name",
                    "must be lowercase letters, digits, '-' and '.', starting and ending with a letter or digit"));
            return Optional.empty();
        }
        try {
            return Optional.of(BINDER.treeToValue(object, type));
        } catch (JacksonException e) {
            batch.problems.add(bindingProblem(file, kind, name, e));
            return Optional.empty();
        }
    }

    /** One line saying which field does not fit and why; never the field's value (it may be a key). */
    private static Problem bindingProblem(String file, String kind, String name, JacksonException e) {
        String field = e instanceof JsonMappingException mapping ? path(mapping.getPath()) : null;
        if (e instanceof UnrecognizedPropertyException unknown) {
            String known = unknown.getKnownPropertyIds() == null ? "" : unknown.getKnownPropertyIds().stream()
                    .map(String::valueOf).sorted().collect(Collectors.joining(", ", " (known fields: ", ")"));
            return Problem.error(Reason.InvalidField, file, kind, name, field, "unknown field" + known);
        }
        if (e instanceof InvalidFormatException format && format.getTargetType() != null
                && format.getTargetType().isEnum()) {
            String allowed = Arrays.stream(format.getTargetType().getEnumConstants())
                    .map(String::valueOf).collect(Collectors.joining(", "));
            return Problem.error(Reason.InvalidField, file, kind, name, field,
                    "must be one of " + allowed + ", got \"" + format.getValue() + "\"");
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return Problem.error(Reason.InvalidManifest, file, kind, name, field,
                    "expected " + describe(mismatch.getTargetType()));
        }
        return Problem.error(Reason.InvalidManifest, file, kind, name, field,
                "does not fit the " + kind + " type: " + firstLine(e.getOriginalMessage()));
    }

    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? null : path.toString();
    }

    private static String describe(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return "a mapping";
    }

    private static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "unreadable";
        }
        return message.strip().lines().findFirst().orElse("").strip();
    }
}
