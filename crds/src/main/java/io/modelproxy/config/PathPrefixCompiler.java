package io.modelproxy.config;

import io.modelproxy.api.ModelGateway;
import io.modelproxy.api.ModelGatewaySpec;
import io.modelproxy.manifest.Manifest;
import io.modelproxy.manifest.Problem;
import io.modelproxy.manifest.Problem.Reason;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Resolves a ModelGateway's {@code spec.pathPrefixes}: each prefix with the client-facing names of the
 * models its selector picks among those the gateway serves. A prefix the gateway answers itself, or
 * twice, is an error; a selector that picks nothing is a warning (every request under it would be 404).
 */
final class PathPrefixCompiler {
    /** First path segments the gateway serves itself; the prefixes a client base URL is given by (/openai, /anthropic) are built in. */
    static final Set<String> RESERVED = Set.of("v1", "openai", "anthropic", "health", "healthz", "metrics", "docs", "setup");

    private PathPrefixCompiler() {}

    static List<PathPrefix> compile(Manifest<ModelGateway> gateway, List<ModelNames.Entry> served, List<Problem> problems) {
        ModelGatewaySpec spec = gateway.object().getSpec();
        List<PathPrefix> prefixes = new ArrayList<>();
        if (spec == null || spec.pathPrefixes() == null) {
            return prefixes;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < spec.pathPrefixes().size(); i++) {
            ModelGatewaySpec.PathPrefix given = spec.pathPrefixes().get(i);
            String field = "spec.pathPrefixes[" + i + "]";
            // a missing or malformed prefix has been reported by the schema check
            if (given == null || given.prefix() == null || !given.prefix().matches("^(/[A-Za-z0-9._~-]+)+$")) {
                continue;
            }
            String first = given.prefix().substring(1).split("/")[0];
            if (RESERVED.contains(first)) {
                problems.add(Problem.error(Reason.InvalidField, gateway.file(), gateway.kind(), gateway.name(),
                        field + ".prefix", "/" + first + " is a path the gateway serves itself; choose another prefix"));
                continue;
            }
            if (!seen.add(given.prefix())) {
                problems.add(Problem.error(Reason.InvalidField, gateway.file(), gateway.kind(), gateway.name(),
                        field + ".prefix", given.prefix() + " is listed twice"));
                continue;
            }
            if (given.modelSelector() == null) {
                prefixes.add(new PathPrefix(given.prefix(), null));
                continue;
            }
            int before = problems.size();
            GatewayCompiler.checkSelector(gateway, given.modelSelector(), field + ".modelSelector", problems);
            if (problems.size() > before) {
                continue;
            }
            List<String> models = served.stream()
                    .filter(entry -> GatewayCompiler.selects(given.modelSelector(), entry.manifest()))
                    .map(ModelNames.Entry::name)
                    .sorted()
                    .toList();
            if (models.isEmpty()) {
                problems.add(Problem.warning(Reason.InvalidField, gateway.file(), gateway.kind(), gateway.name(),
                        field + ".modelSelector", "selects none of the models this gateway serves; every request under "
                                + given.prefix() + " will be answered 404"));
            }
            prefixes.add(new PathPrefix(given.prefix(), models));
        }
        return prefixes;
    }
}
