package io.modelproxy.config;

import io.modelproxy.api.LogicalModel;
import io.modelproxy.api.LogicalModelSpec;
import io.modelproxy.api.Strategy;
import io.modelproxy.manifest.Manifest;
import io.modelproxy.manifest.Problem;
import io.modelproxy.manifest.Problem.Reason;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The namespace of client-facing model ids: every LogicalModel's name and aliases, with fallbacks
 * resolved to canonical names. Also checks the CRD's two CEL rules, which the schema walk does not,
 * with the same messages; the self-fallback rule here also sees through aliases and a defaulted name.
 */
final class ModelNames {
    static final String SELF_FALLBACK = "a LogicalModel cannot fall back to itself";
    static final String WEIGHTED = "strategy Weighted needs a weight greater than 0 on every route";
    private static final LogicalModelSpec EMPTY = new LogicalModelSpec(
            null, null, null, null, null, null, null, null, null, null, null);

    /**
     * A LogicalModel as the catalog knows it.
     *
     * @param name the client-facing id
     * @param aliases its own aliases, deduplicated
     * @param fallbacks canonical names of the models it falls back to, in order
     */
    record Entry(Manifest<LogicalModel> manifest, LogicalModelSpec spec, String name, List<String> aliases,
            List<String> fallbacks) {}

    private final Map<String, Entry> entries;

    private final List<List<String>> cycles = new ArrayList<>();

    private ModelNames(Map<String, Entry> entries) {
        this.entries = entries;
    }

    /**
     * Indexes the models; a model whose name is taken is reported and left out.
     *
     * @param leftOut names and aliases of models left out of this compile for being invalid: a fallback
     *     to one of them is dropped with a warning, since the referring model is not what is wrong
     */
    static ModelNames build(Collection<Manifest<LogicalModel>> models, Set<String> leftOut, List<Problem> problems) {
        Map<String, Manifest<LogicalModel>> byName = new LinkedHashMap<>();  // reading order: the first one wins
        for (Manifest<LogicalModel> model : models) {
            LogicalModelSpec spec = spec(model);
            String name = spec.modelName() == null || spec.modelName().isBlank() ? model.name() : spec.modelName();
            Manifest<LogicalModel> owner = byName.putIfAbsent(name, model);
            if (owner != null) {
                problems.add(problem(Reason.DuplicateModelName, model,
                        spec.modelName() == null ? "metadata.name" : "spec.modelName",
                        "model name " + name + " is already used by " + describe(owner)));
            } else {
                checkWeights(model, spec, problems);
            }
        }
        Map<String, String> lookup = new HashMap<>();
        byName.keySet().forEach(name -> lookup.put(name, name));
        Map<String, List<String>> aliases = new HashMap<>();
        byName.forEach((name, model) -> aliases.put(name, aliases(name, model, lookup, byName, problems)));
        Map<String, Entry> entries = new TreeMap<>();
        byName.forEach((name, model) -> entries.put(name, new Entry(model, spec(model), name, aliases.get(name),
                fallbacks(name, model, lookup, leftOut, problems))));
        ModelNames catalog = new ModelNames(entries);
        catalog.reportCycles(problems);
        return catalog;
    }

    static LogicalModelSpec spec(Manifest<LogicalModel> model) {
        return model.object().getSpec() == null ? EMPTY : model.object().getSpec();
    }

    private static void checkWeights(Manifest<LogicalModel> model, LogicalModelSpec spec, List<Problem> problems) {
        if (spec.strategy() != Strategy.Weighted || spec.routes() == null) {
            return;
        }
        for (int i = 0; i < spec.routes().size(); i++) {
            LogicalModelSpec.Route route = spec.routes().get(i);
            if (route != null && (route.weight() == null || route.weight() <= 0)) {
                problems.add(problem(Reason.InvalidField, model, "spec.routes[" + i + "].weight", WEIGHTED));
            }
        }
    }

    private static List<String> aliases(String name, Manifest<LogicalModel> model, Map<String, String> lookup,
            Map<String, Manifest<LogicalModel>> owners, List<Problem> problems) {
        List<String> declared = spec(model).aliases() == null ? List.of() : spec(model).aliases();
        Set<String> own = new LinkedHashSet<>();
        for (int i = 0; i < declared.size(); i++) {
            String alias = declared.get(i);
            String field = "spec.aliases[" + i + "]";
            if (alias == null || alias.isBlank()) {
                problems.add(problem(Reason.InvalidField, model, field, "an alias cannot be empty"));
            } else if (alias.equals(name) || own.contains(alias)) {
                problems.add(Problem.warning(Reason.DuplicateAlias, model.file(), model.kind(), model.name(), field,
                        "alias " + alias + " is listed already (as the model's name or an alias); ignored"));
            } else if (lookup.containsKey(alias)) {
                String other = lookup.get(alias);
                problems.add(problem(Reason.DuplicateAlias, model, field, "alias " + alias + " is already "
                        + (other.equals(alias) ? "the name" : "an alias") + " of " + describe(owners.get(other))));
            } else {
                lookup.put(alias, name);
                own.add(alias);
            }
        }
        return List.copyOf(own);
    }

    private static List<String> fallbacks(String name, Manifest<LogicalModel> model, Map<String, String> lookup,
            Set<String> leftOut, List<Problem> problems) {
        List<String> declared = spec(model).fallbacks() == null ? List.of() : spec(model).fallbacks();
        Set<String> resolved = new LinkedHashSet<>();
        for (int i = 0; i < declared.size(); i++) {
            String fallback = declared.get(i);
            String target = fallback == null ? null : lookup.get(fallback);
            String field = "spec.fallbacks[" + i + "]";
            if (target == null && leftOut.contains(fallback)) {
                problems.add(Problem.warning(Reason.ReferenceHeldBack, model.file(), model.kind(), model.name(), field,
                        "fallback " + fallback + " is left out (it is invalid); the other fallbacks serve"));
            } else if (target == null) {
                problems.add(problem(Reason.FallbackNotFound, model, field,
                        "no LogicalModel has the name or alias " + fallback));
            } else if (target.equals(name)) {
                problems.add(problem(Reason.InvalidField, model, field, SELF_FALLBACK));
            } else {
                resolved.add(target);
            }
        }
        return List.copyOf(resolved);
    }

    /** Depth-first search in name order; each back edge is one cycle, reported on every model in it. */
    private void reportCycles(List<Problem> problems) {
        Map<String, Boolean> finished = new HashMap<>();  // false while on the path, true when done
        for (String start : entries.keySet()) {
            visit(start, new ArrayDeque<>(), finished, problems);
        }
    }

    private void visit(String name, Deque<String> path, Map<String, Boolean> finished, List<Problem> problems) {
        if (finished.containsKey(name)) {
            return;
        }
        finished.put(name, false);
        path.addLast(name);
        for (String next : entries.get(name).fallbacks()) {
            if (Boolean.FALSE.equals(finished.get(next))) {
                List<String> onPath = new ArrayList<>(path);
                List<String> cycle = List.copyOf(onPath.subList(onPath.indexOf(next), onPath.size()));
                cycles.add(cycle);
                String text = "fallback cycle: " + String.join(" -> ", cycle) + " -> " + next;
                for (String member : cycle) {
                    problems.add(problem(Reason.FallbackCycle, entries.get(member).manifest(), "spec.fallbacks", text));
                }
            } else {
                visit(next, path, finished, problems);
            }
        }
        path.removeLast();
        finished.put(name, true);
    }

    /**
     * The cycles found, each as canonical names in fallback order; its last model is the one whose
     * fallback closes it.
     */
    List<List<String>> cycles() {
        return List.copyOf(cycles);
    }

    Collection<Entry> entries() {
        return entries.values();
    }

    Entry get(String name) {
        return entries.get(name);
    }

    /** These models and every model their fallbacks reach, sorted by name. */
    Set<String> withFallbacks(Collection<String> names) {
        Set<String> closure = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(names);
        while (!todo.isEmpty()) {
            String name = todo.removeFirst();
            if (entries.containsKey(name) && closure.add(name)) {
                todo.addAll(entries.get(name).fallbacks());
            }
        }
        return closure;
    }

    private static Problem problem(Reason reason, Manifest<LogicalModel> model, String field, String message) {
        return Problem.error(reason, model.file(), model.kind(), model.name(), field, message);
    }

    private static String describe(Manifest<?> manifest) {
        return manifest.kind() + "/" + manifest.name() + " (" + manifest.file() + ")";
    }
}
