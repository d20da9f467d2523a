package io.modelproxy.bundle.litellm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.bundle.ManifestDraft;
import io.modelproxy.bundle.ObjectNames;
import io.modelproxy.bundle.Report;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One {@code model_name} group: its deployments as routes, in source order, and the LogicalModel it
 * becomes. An {@code order} on any deployment makes the routes ordered (weights are then dropped);
 * otherwise several routes are weighted.
 */
final class LiteLlmGroup {
    private final String file;
    private final String object;
    private final List<ObjectNode> routes = new ArrayList<>();
    private final List<Integer> orders = new ArrayList<>();
    private boolean weighted;

    LiteLlmGroup(String file, String object) {
        this.file = file;
        this.object = object;
    }

    /** Adds a deployment's route; {@code order} is {@code Integer.MAX_VALUE} when the deployment has none. */
    void add(ObjectNode route, int order, boolean hasWeight) {
        routes.add(route);
        orders.add(order);
        weighted |= hasWeight;
    }

    /**
     * Writes the group's LogicalModel, named after {@code groupName}.
     *
     * @param leftOut whether a fallback group was left out of the import (its fallback is then dropped)
     */
    void write(ManifestDraft draft, Report report, String groupName, List<String> fallbacks, List<String> aliases,
            Optional<Integer> timeout, Predicate<String> leftOut) {
        Optional<String> name = ObjectNames.of(groupName);
        if (name.isEmpty() || draft.hasModel(name.get())) {
            report.error(file, object, "model_name", name.isEmpty()
                    ? "cannot be made into a Kubernetes object name"
                    : "another model_name is also object " + name.get());
            return;
        }
        ObjectNode spec = draft.model(name.get(), file, object);
        if (!name.get().equals(groupName)) {
            spec.put("modelName", groupName);
        }
        if (!aliases.isEmpty()) {
            aliases.forEach(spec.putArray("aliases")::add);
        }
        timeout.ifPresent(t -> spec.put("timeoutSeconds", t));
        boolean ordered = orders.stream().anyMatch(o -> o != Integer.MAX_VALUE);
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < routes.size(); i++) {
            indexes.add(i);
        }
        if (ordered) {
            indexes.sort(Comparator.comparing(orders::get));
            if (weighted) {
                report.warn(file, object, null, "weights are not imported: order decides");
            }
        } else if (routes.size() > 1) {
            spec.put("strategy", "Weighted");
        }
        ArrayNode out = spec.putArray("routes");
        for (int i : indexes) {
            writeRoute(out.addObject(), routes.get(i), ordered);
        }
        List<String> kept = fallbacks.stream().filter(f -> {
            if (leftOut.test(f)) {
                report.warn(file, object, null, "fallback " + f + " is left out, as that group is");
                return false;
            }
            return true;
        }).distinct().toList();
        if (!kept.isEmpty()) {
            kept.forEach(spec.putArray("fallbacks")::add);
        }
    }

    private void writeRoute(ObjectNode out, ObjectNode route, boolean ordered) {
        out.put("provider", route.get("provider").asText());
        out.put("model", route.get("model").asText());
        route.fieldNames().forEachRemaining(f -> {
            if (!f.equals("provider") && !f.equals("model") && (!f.equals("weight") || !ordered)) {
                out.set(f, route.get(f));
            }
        });
        if (!ordered && routes.size() > 1 && !out.has("weight")) {
            out.put("weight", 1);
        }
    }
}
