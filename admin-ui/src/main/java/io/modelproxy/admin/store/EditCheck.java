package io.modelproxy.admin.store;

import io.modelproxy.config.ConfigCompiler;
import io.modelproxy.manifest.Manifest;
import io.modelproxy.manifest.ManifestSet;
import io.modelproxy.manifest.Problem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The check every write passes: compile the manifests as they would be after the edit, with the same
 * compiler {@code model-proxy validate} and the gateway use, for every ModelGateway (or the standalone
 * defaults when there is none). An edit is refused when it adds an error; errors that were there before
 * it do not block it, so a broken directory can still be repaired one object at a time.
 */
public final class EditCheck {
    /** What cannot be judged without reading the Secrets' keys. */
    private static final Set<Problem.Reason> KEY_REASONS = Set.of(Problem.Reason.SecretNotFound,
            Problem.Reason.SecretKeyMissing, Problem.Reason.NoKeys, Problem.Reason.NoUsableRoute);

    private final Predicate<Problem> ignored;

    /** @param ignored problems this store cannot judge (the cluster store cannot read Secrets) */
    public EditCheck(Predicate<Problem> ignored) {
        this.ignored = ignored;
    }

    /** Whether a problem is about keys (a Secret or key missing, no key): what a store that cannot read Secrets skips. */
    public static boolean aboutKeys(Problem problem) {
        return KEY_REASONS.contains(problem.reason());
    }

    /** Every problem of the set, errors and warnings, without repeats across gateways. */
    public List<Problem> problems(ManifestSet set) {
        List<String> gateways = set.gateways().stream().map(Manifest::name).distinct().toList();
        Set<Problem> found = new LinkedHashSet<>();
        for (String gateway : gateways.isEmpty() ? Collections.<String>singletonList(null) : gateways) {
            ConfigCompiler.compile(set, gateway).problems().stream().filter(ignored.negate()).forEach(found::add);
        }
        return List.copyOf(found);
    }

    /**
     * The warnings after the edit.
     *
     * @param before {@link #problems} of the manifests now
     * @param after {@link #problems} of the manifests as the edit would leave them, files named alike
     * @throws EditRefused 400 listing the errors the edit adds
     */
    public static List<Problem> check(List<Problem> before, List<Problem> after) {
        Set<String> known = new LinkedHashSet<>();
        before.stream().filter(Problem::isError).map(EditCheck::identity).forEach(known::add);
        List<Problem> added = new ArrayList<>();
        List<Problem> warnings = new ArrayList<>();
        for (Problem problem : after) {
            if (!problem.isError()) {
                warnings.add(problem);
            } else if (!known.contains(identity(problem))) {
                added.add(problem);
            }
        }
        if (!added.isEmpty()) {
            throw EditRefused.doesNotCompile(added);
        }
        return warnings;
    }

    private static String identity(Problem problem) {
        return problem.reason() + "|" + problem.kind() + "|" + problem.name() + "|" + problem.field() + "|"
                + problem.message();
    }
}
