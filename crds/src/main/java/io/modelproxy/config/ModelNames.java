package io.modelproxy.config;

import io.modelproxy.api.LogicalModel;
import io.modelproxy.api.LogicalModelSpec;
import io.modelproxy.api.Strategy;
import io.modelproxy.manifest.Manifest;
import io.modelproxy.manifest.Problem;
import io.modelproxy.manifest.Problem.Reason;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
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
 * The namespace of client-facing model ids: every LogicalModel's name and aliases, with fallbacks,
 * difficulty targets and classifier models resolved to canonical names. Also checks the CRD's two CEL rules, which the schema walk does not,
 * with the same messages; the self-fallback rule here also sees through aliases and a defaulted name.
 */
final class ModelNames {
    static final String SELF_FALLBACK = "a LogicalModel cannot fall back to itself";
    static final String WEIGHTED = "strategy Weighted needs a weight greater than 0 on every route";
    static final String ONE_CLASSIFIER = "set exactly one of model and heuristic";
    private static final List<String> DIFFICULTIES = List.of("easy", "medium", "hard");
    private static final LogicalModelSpec EMPTY = new LogicalModelSpec(
            null, null, null, null, null, null, null, null, null, null, null, null);

    /**
     * A LogicalModel as the catalog knows it.
     *
     * @param name the client-facing id
     * @param aliases its own aliases, deduplicated
     * @param fallbacks canonical names of the models it falls back to, in order
     * @param targets canonical names of its difficulty targets by difficulty; a target naming the model
     *     itself is left out (its own routes serve)
     * @param classifier canonical name of its classifier model, or null
     */
    record Entry(Manifest<LogicalModel> manifest, LogicalModelSpec spec, String name, List<String> aliases,
            List<String> fallbacks, Map<String, String> targets, String classifier) {

        /** The models a request for this one may be routed on to, each with the field that says so. */
        List<Map.Entry<String, String>> onward() {
            List<Map.Entry<String, String>> edges = new ArrayList<>();
            targets.forEach((difficulty, target) -> edges.add(Map.entry(target, "spec.difficultyRouting.targets." + difficulty)));
            fallbacks.forEach(fallback -> edges.add(Map.entry(fallback, "spec.fallbacks")));
            return edges;
        }
    }

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
                fallbacks(name, model, lookup, leftOut, problems), targets(name, model, lookup, leftOut, problems),
                classifier(model, lookup, leftOut, problems))));
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
            String target = reference(model, declared.get(i), "spec.fallbacks[" + i + "]",
                    "fallback", "the other fallbacks serve", lookup, leftOut, problems);
            if (target != null && target.equals(name)) {
                problems.add(problem(Reason.InvalidField, model, "spec.fallbacks[" + i + "]", SELF_FALLBACK));
            } else if (target != null) {
                resolved.add(target);
            }
        }
        return List.copyOf(resolved);
    }

    /** Difficulty targets by difficulty, resolved; a dropped or self target leaves its difficulty to the own routes. */
    private static Map<String, String> targets(String name, Manifest<LogicalModel> model, Map<String, String> lookup,
            Set<String> leftOut, List<Problem> problems) {
        LogicalModelSpec.DifficultyRouting routing = spec(model).difficultyRouting();
        if (routing == null || routing.targets() == null) {
            return Map.of();
        }
        LogicalModelSpec.Targets declared = routing.targets();
        List<String> given = Arrays.asList(declared.easy(), declared.medium(), declared.hard());
        Map<String, String> resolved = new TreeMap<>();
        for (int i = 0; i < DIFFICULTIES.size(); i++) {
            String difficulty = DIFFICULTIES.get(i);
            String target = given.get(i) == null ? null : reference(model, given.get(i),
                    "spec.difficultyRouting.targets." + difficulty, "difficulty target",
                    "its " + difficulty + " requests go to this model's own routes", lookup, leftOut, problems);
            if (target != null && !target.equals(name)) {
                resolved.put(difficulty, target);
            }
        }
        return resolved;
    }

    /** The classifier model, resolved; also the checks of the classifier's CEL rule and of the heuristic's thresholds. */
    private static String classifier(Manifest<LogicalModel> model, Map<String, String> lookup, Set<String> leftOut,
            List<Problem> problems) {
        LogicalModelSpec.DifficultyRouting routing = spec(model).difficultyRouting();
        LogicalModelSpec.Classifier classifier = routing == null ? null : routing.classifier();
        if (classifier == null) {
            return null;
        }
        String field = "spec.difficultyRouting.classifier";
        if ((classifier.model() == null) == (classifier.heuristic() == null)) {
            problems.add(problem(Reason.InvalidField, model, field, ONE_CLASSIFIER));
            return null;
        }
        LogicalModelSpec.Heuristic h = classifier.heuristic();
        if (h != null) {
            ModelConfig.Heuristic t = ConfigDefaults.heuristic(h);
            below(model, field + ".heuristic.easyMaxChars", t.easyMaxChars(), "hardMinChars", t.hardMinChars(), problems);
            below(model, field + ".heuristic.easyMaxTurns", t.easyMaxTurns(), "hardMinTurns", t.hardMinTurns(), problems);
            below(model, field + ".heuristic.easyMaxTools", t.easyMaxTools(), "hardMinTools", t.hardMinTools(), problems);
            return null;
        }
        return reference(model, classifier.model(), field + ".model", "classifier model",
                "requests are served by this model's own routes", lookup, leftOut, problems);
    }

    /** An easy limit must stay below its hard threshold (defaults included), or no request could be easy. */
    private static void below(Manifest<LogicalModel> model, String field, int easyMax, String hardName, int hardMin,
            List<Problem> problems) {
        if (easyMax >= hardMin) {
            problems.add(problem(Reason.InvalidField, model, field, "must be below " + hardName + " (" + easyMax
                    + " is not below " + hardMin + ")"));
        }
    }

    /**
     * A reference to another model by name or alias, as its canonical name; null, with a problem, when
     * nothing has that name (a warning only when the model it names is left out for being invalid).
     */
    private static String reference(Manifest<LogicalModel> model, String declared, String field, String what,
            String consequence, Map<String, String> lookup, Set<String> leftOut, List<Problem> problems) {
        String target = declared == null ? null : lookup.get(declared);
        if (target == null && leftOut.contains(declared)) {
            problems.add(Problem.warning(Reason.ReferenceHeldBack, model.file(), model.kind(), model.name(), field,
                    what + " " + declared + " is left out (it is invalid); " + consequence));
        } else if (target == null) {
            problems.add(problem(Reason.FallbackNotFound, model, field,
                    "no LogicalModel has the name or alias " + declared));
        }
        return target;
    }

    /**
     * Depth-first search in name order over fallbacks and difficulty targets; each back edge is one cycle,
     * reported on every model in it, on the field of its edge in the cycle.
     */
    private void reportCycles(List<Problem> problems) {
        Map<String, Boolean> finished = new HashMap<>();  // false while on the path, true when done
        for (String start : entries.keySet()) {
            visit(start, new ArrayList<>(), new ArrayList<>(), finished, problems);
        }
    }

    /** @param fields the field of each path member's edge to the next one */
    private void visit(String name, List<String> path, List<String> fields, Map<String, Boolean> finished,
            List<Problem> problems) {
        if (finished.containsKey(name)) {
            return;
        }
        finished.put(name, false);
        path.addLast(name);
        for (Map.Entry<String, String> edge : entries.get(name).onward()) {
            String next = edge.getKey();
            fields.addLast(edge.getValue());
            if (Boolean.FALSE.equals(finished.get(next))) {
                int from = path.indexOf(next);
                List<String> cycle = List.copyOf(path.subList(from, path.size()));
                List<String> via = List.copyOf(fields.subList(from, fields.size()));
                cycles.add(cycle);
                for (int i = 0; i < cycle.size(); i++) {
                    problems.add(problem(Reason.FallbackCycle, entries.get(cycle.get(i)).manifest(), via.get(i),
                            cycleText(cycle, via, next)));
                }
            } else {
                visit(next, path, fields, finished, problems);
            }
            fields.removeLast();
        }
        path.removeLast();
        finished.put(name, true);
    }

    /** "fallback cycle: a -> b -> a", or with a difficulty target in it "routing cycle: a -(easy)-> b -> a". */
    private static String cycleText(List<String> cycle, List<String> via, String closing) {
        boolean fallbacksOnly = via.stream().allMatch("spec.fallbacks"::equals);
        StringBuilder text = new StringBuilder(fallbacksOnly ? "fallback cycle: " : "routing cycle through difficulty"
                + " targets and fallbacks: ");
        for (int i = 0; i < cycle.size(); i++) {
            String field = via.get(i);
            text.append(cycle.get(i)).append(field.equals("spec.fallbacks") ? " -> "
                    : " -(" + field.substring(field.lastIndexOf('.') + 1) + ")-> ");
        }
        return text.append(closing).toString();
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

    /**
     * These models and every model their fallbacks, difficulty targets and classifiers reach, sorted by
     * name.
     */
    Set<String> withFallbacks(Collection<String> names) {
        Set<String> closure = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(names);
        while (!todo.isEmpty()) {
            String name = todo.removeFirst();
            if (entries.containsKey(name) && closure.add(name)) {
                Entry entry = entries.get(name);
                entry.onward().forEach(edge -> todo.add(edge.getKey()));
                if (entry.classifier() != null) {
                    todo.add(entry.classifier());
                }
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
