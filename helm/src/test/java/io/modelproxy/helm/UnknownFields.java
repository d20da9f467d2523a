package io.modelproxy.helm;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The fields of a parsed object that its fabric8 model class does not know. fabric8 parses leniently
 * (an unknown field lands in {@code additionalProperties}), while the API server rejects or drops
 * it; a misspelt {@code securityContex} would otherwise render and parse without a word.
 */
final class UnknownFields {
    private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";

    private UnknownFields() {}

    /** Paths such as {@code spec.template.spec.containers[0].securityContex}; empty when every field is known. */
    static List<String> of(Object object) {
        List<String> found = new ArrayList<>();
        walk(object, "", found);
        return found;
    }

    private static void walk(Object value, String path, List<String> found) {
        switch (value) {
            case null -> { }
            case Collection<?> items -> {
                int index = 0;
                for (Object item : items) {
                    walk(item, path + "[" + index++ + "]", found);
                }
            }
            case Map<?, ?> entries -> entries.forEach((key, item) -> walk(item, path + "." + key, found));
            // generic objects (kinds without a model class) are all "additional properties"
            case GenericKubernetesResource generic -> { }
            default -> {
                if (value.getClass().getPackageName().startsWith(MODEL_PACKAGE)) {
                    walkModel(value, path, found);
                }
            }
        }
    }

    private static void walkModel(Object model, String path, List<String> found) {
        for (Method getter : model.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value = invoke(getter, model);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> unknown) {
                    unknown.keySet().forEach(key -> found.add(join(path, String.valueOf(key))));
                }
            } else {
                String field = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
                walk(value, join(path, field), found);
            }
        }
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + getter, e);
        }
    }
}
