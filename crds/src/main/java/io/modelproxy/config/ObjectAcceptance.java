package io.modelproxy.config;

import io.modelproxy.api.LogicalModel;
import io.modelproxy.api.LogicalModelSpec;
import io.modelproxy.api.ModelGateway;
import io.modelproxy.api.Provider;
import io.modelproxy.manifest.Manifest;
import io.modelproxy.manifest.ManifestSet;
import io.modelproxy.manifest.Problem;
import io.modelproxy.manifest.Problem.Reason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Per-object acceptance: every object valid on its own and with its references is compiled; an invalid
 * one is held back (its last valid compiled form, from the previous config, serves instead) or left out
 * when it never was valid; whatever depends on it is judged with what remains.
 *
 * <p>A dangling reference (a route to a Provider, a fallback to a model, that does not exist) holds a
 * model back only when the model was edited: when the referenced object went away, the model is not what
 * is wrong, and it keeps its other routes and fallbacks. Of a fallback cycle, the members edited since the
 * previous config are held back (without a previous config: the one whose fallback closes the cycle).
 * Only when nothing usable remains is the previous config kept whole. Repeats compiles until the verdicts
 * settle, at most once per object.
 */
final class ObjectAcceptance {
    private final ManifestSet set;
    private final String gatewayName;
    private final GatewayConfig previous;
    /** Verdicts by {@code Kind/name}, in the order they were reached. */
    private final Map<String, Verdict> verdicts = new LinkedHashMap<>();
    private final Map<String, Manifest<LogicalModel>> current = new HashMap<>();

    /** One held-back object: where its current version is, why, and whether its previous form is rejected too. */
    private static final class Verdict {
        final String kind;
        final String name;
        final String file;
        final List<Problem> reasons = new ArrayList<>();
        boolean previousRejected;

        Verdict(String kind, String name, String file) {
            this.kind = kind;
            this.name = name;
            this.file = file;
        }
    }

    private ObjectAcceptance(ManifestSet set, String gatewayName, GatewayConfig previous) {
        this.set = set;
        this.gatewayName = gatewayName;
        this.previous = previous;
        set.logicalModels().forEach(m -> current.putIfAbsent(m.name(), m));
    }

    static CompileResult accept(ManifestSet set, String gatewayName, GatewayConfig previous) {
        return new ObjectAcceptance(set, gatewayName, previous).run();
    }

    private CompileResult run() {
        unreadable();
        Compilation.Run first = Compilation.run(set, gatewayName, substitutions());
        Compilation.Run last = first;
        boolean changed = judge(first);
        for (int round = 0; changed && round <= set.logicalModels().size() + set.providers().size() + 1; round++) {
            last = Compilation.run(set, gatewayName, substitutions());
            changed = judge(last);
        }
        List<Problem> problems = new ArrayList<>(first.problems());
        Set<String> seen = new HashSet<>(problems.stream().map(Problem::toString).toList());
        last.problems().stream().filter(p -> !p.isError() && seen.add(p.toString())).forEach(problems::add);

        GatewayConfig config = last.config();
        List<HeldBack> heldBack = verdicts.values().stream()
                .filter(v -> inScope(v, first, config))
                .map(v -> new HeldBack(v.kind, v.name, v.file, config == null ? null
                        : config.source(v.kind, v.name).orElse(null), v.reasons))
                .toList();
        boolean usable = config != null && config.models().stream().anyMatch(m -> !m.routes().isEmpty());
        if (!heldBack.isEmpty() && !usable) {
            // what is held back took everything: keep serving what was served, or serve nothing yet
            return new CompileResult(previous, problems, heldBack, previous != null);
        }
        return new CompileResult(config, problems, heldBack, false);
    }

    /**
     * Objects whose current version could not be read: those named by a reading error, and those a
     * previous config took from a file that no longer parses.
     */
    private void unreadable() {
        for (Problem problem : set.problems()) {
            if (!problem.isError() || problem.file() == null) {
                continue;
            }
            if (problem.kind() != null && problem.name() != null && isOurs(problem.kind())) {
                verdict(problem.kind(), problem.name(), problem.file()).reasons.add(problem);
            } else if (problem.name() == null && previous != null) {
                previous.sources().stream()
                        .filter(s -> problem.file().equals(s.file()) && !present(s.kind(), s.name()))
                        .forEach(s -> verdict(s.kind(), s.name(), s.file()).reasons.add(problem));
            }
        }
    }

    private static boolean isOurs(String kind) {
        return kind.equals(Provider.KIND) || kind.equals(LogicalModel.KIND) || kind.equals(ModelGateway.KIND);
    }

    private boolean present(String kind, String name) {
        return switch (kind) {
            case Provider.KIND -> set.providers().stream().anyMatch(p -> p.name().equals(name));
            case LogicalModel.KIND -> current.containsKey(name);
            default -> set.gateways().stream().anyMatch(g -> g.name().equals(name));
        };
    }

    private Verdict verdict(String kind, String name, String file) {
        return verdicts.computeIfAbsent(kind + "/" + name, id -> new Verdict(kind, name, file));
    }

    /** Reads one compile's errors into verdicts; true when a new object is held back (or a form rejected). */
    private boolean judge(Compilation.Run run) {
        boolean changed = false;
        for (Problem problem : run.problems()) {
            if (!problem.isError() || problem.kind() == null || problem.name() == null || !isOurs(problem.kind())
                    || set.problems().contains(problem) || problem.reason() == Reason.FallbackCycle
                    // the duplicate is left out and the first object of that name is used: nothing to hold back
                    || problem.reason() == Reason.DuplicateResource) {
                continue;
            }
            boolean dangling = problem.reason() == Reason.ProviderNotFound || problem.reason() == Reason.FallbackNotFound;
            String id = problem.kind() + "/" + problem.name();
            Verdict known = verdicts.get(id);
            if (problem.kind().equals(LogicalModel.KIND) && known != null) {
                // the held-back form itself: dangling references are dropped; a conflict with what now stands rejects it
                boolean conflict = problem.reason() == Reason.DuplicateModelName || problem.reason() == Reason.DuplicateAlias;
                if (conflict && !known.previousRejected) {
                    known.previousRejected = true;
                    changed = true;
                }
                continue;
            }
            if (known != null || (problem.kind().equals(LogicalModel.KIND) && dangling && !edited(problem.name()))) {
                continue;
            }
            verdict(problem.kind(), problem.name(), problem.file()).reasons.add(problem);
            changed = true;
        }
        for (List<String> cycle : run.cycles()) {
            List<String> edited = cycle.stream().filter(this::edited).filter(m -> !verdicts.containsKey(LogicalModel.KIND + "/" + m)).toList();
            // when every member is new or edited, nothing tells which edit closed it: the last fallback did
            for (String member : edited.isEmpty() || edited.size() == cycle.size() ? List.of(cycle.getLast()) : edited) {
                String id = LogicalModel.KIND + "/" + member;
                if (verdicts.containsKey(id)) {
                    changed |= !verdicts.get(id).previousRejected;
                    verdicts.get(id).previousRejected = true;
                    continue;
                }
                Manifest<LogicalModel> model = run.models().get(member);
                Verdict verdict = verdict(LogicalModel.KIND, member, model.file());
                run.problems().stream()
                        .filter(p -> p.reason() == Reason.FallbackCycle && member.equals(p.name()))
                        .findFirst().ifPresent(verdict.reasons::add);
                changed = true;
            }
        }
        return changed;
    }

    /** Whether a LogicalModel differs from the version the previous config holds (or is new). */
    private boolean edited(String name) {
        Manifest<LogicalModel> model = current.get(name);
        Optional<ObjectSource> before = previous == null ? Optional.empty() : previous.source(LogicalModel.KIND, name);
        return model == null || before.isEmpty() || !Compilation.digest(model).equals(before.get().digest());
    }

    private Substitutions substitutions() {
        Map<String, ProviderConfig> heldProviders = new HashMap<>();
        Set<String> leftOutProviders = new HashSet<>();
        Map<String, Manifest<LogicalModel>> heldModels = new HashMap<>();
        Set<String> leftOutModels = new HashSet<>();
        Set<String> leftOutNames = new HashSet<>();
        Map<String, ObjectSource> sources = new HashMap<>();
        GatewaySettings settings = null;
        boolean gatewayLeftOut = false;
        for (Verdict v : verdicts.values()) {
            Optional<ObjectSource> source = v.previousRejected || previous == null ? Optional.empty()
                    : previous.source(v.kind, v.name);
            source.ifPresent(s -> sources.put(v.kind + "/" + v.name, s));
            switch (v.kind) {
                case Provider.KIND -> source.flatMap(s -> previous.providers().stream()
                                .filter(p -> p.name().equals(v.name)).findFirst())
                        .ifPresentOrElse(p -> heldProviders.put(v.name, p), () -> leftOutProviders.add(v.name));
                case LogicalModel.KIND -> source.flatMap(s -> previous.models().stream()
                                .filter(m -> m.name().equals(s.modelName())).findFirst())
                        .ifPresentOrElse(m -> heldModels.put(v.name, PreviousForm.of(m, sources.get(v.kind + "/" + v.name),
                                        current.get(v.name))),
                                () -> {
                                    leftOutModels.add(v.name);
                                    leftOutNames.addAll(claimedNames(v.name));
                                });
                default -> {
                    if (source.isPresent()) {
                        settings = previous.gateway();
                    } else {
                        gatewayLeftOut = true;
                    }
                }
            }
        }
        return new Substitutions(heldProviders, leftOutProviders, heldModels, leftOutModels, leftOutNames, settings,
                gatewayLeftOut, sources);
    }

    /** The names and aliases a left-out model's current version claims, so fallbacks to it are dropped quietly. */
    private Set<String> claimedNames(String name) {
        Set<String> names = new LinkedHashSet<>(List.of(name));
        Manifest<LogicalModel> model = current.get(name);
        LogicalModelSpec spec = model == null ? null : model.object().getSpec();
        if (spec != null && spec.modelName() != null) {
            names.add(spec.modelName());
        }
        if (spec != null && spec.aliases() != null) {
            spec.aliases().stream().filter(a -> a != null).forEach(names::add);
        }
        Optional.ofNullable(previous).flatMap(p -> p.source(LogicalModel.KIND, name)).map(ObjectSource::modelName)
                .ifPresent(names::add);
        return names;
    }

    /** Whether this gateway would serve the object: what it serves, what its selected models use. */
    private boolean inScope(Verdict verdict, Compilation.Run first, GatewayConfig config) {
        if (config != null && config.source(verdict.kind, verdict.name).isPresent()) {
            return true;
        }
        return switch (verdict.kind) {
            case Provider.KIND -> first.referencedProviders().contains(verdict.name);
            case LogicalModel.KIND -> {
                Manifest<LogicalModel> model = current.get(verdict.name);
                yield model == null || first.gateway().map(g -> GatewayCompiler.selects(g, model)).orElse(true);
            }
            default -> true;
        };
    }
}
