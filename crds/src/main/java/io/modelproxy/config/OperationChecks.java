package io.modelproxy.config;

import io.modelproxy.api.LogicalModel;
import io.modelproxy.api.LogicalModelSpec;
import io.modelproxy.api.ModelOperation;
import io.modelproxy.api.Dialect;
import io.modelproxy.api.Provider;
import io.modelproxy.manifest.Manifest;
import io.modelproxy.manifest.Problem;
import io.modelproxy.manifest.Problem.Reason;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether a LogicalModel's routes and fallbacks can serve the operations it lists. An operation none
 * of its own routes can serve is an error (every such request would fail); a route or a fallback that
 * serves none of them is a warning (it is never tried).
 */
final class OperationChecks {
    private OperationChecks() {}

    static void check(ModelNames.Entry entry, ModelNames names, Map<String, Manifest<Provider>> providers,
            List<Problem> problems) {
        Manifest<LogicalModel> model = entry.manifest();
        List<ModelOperation> declared = entry.spec().operations() == null ? List.of() : entry.spec().operations();
        Set<ModelOperation> seen = new HashSet<>();
        for (int i = 0; i < declared.size(); i++) {
            if (declared.get(i) != null && !seen.add(declared.get(i))) {
                problems.add(Problem.warning(Reason.InvalidField, model.file(), model.kind(), model.name(),
                        "spec.operations[" + i + "]", declared.get(i) + " is listed twice; ignored"));
            }
        }
        List<ModelOperation> operations = ConfigDefaults.operations(declared);
        List<LogicalModelSpec.Route> routes = entry.spec().routes() == null ? List.of() : entry.spec().routes();
        List<Dialect> protocols = new ArrayList<>();
        for (int i = 0; i < routes.size(); i++) {
            Dialect protocol = protocol(routes.get(i), providers);
            if (protocol == null) {
                continue;  // a missing Provider is reported by the routes
            }
            protocols.add(protocol);
            if (operations.stream().noneMatch(op -> op.servedBy(protocol))) {
                problems.add(Problem.warning(Reason.InvalidField, model.file(), model.kind(), model.name(),
                        "spec.routes[" + i + "].provider", "Provider " + routes.get(i).provider() + " speaks " + protocol
                                + ", which serves none of this model's operations (" + list(operations)
                                + "); the route is never used"));
            }
        }
        for (ModelOperation op : operations) {
            if (!protocols.isEmpty() && protocols.stream().noneMatch(op::servedBy)) {
                problems.add(Problem.error(Reason.InvalidField, model.file(), model.kind(), model.name(),
                        "spec.operations", op + " needs a route to an OpenAI-compatible Provider (OpenAIChat or"
                                + " OpenAIResponses); every route of this model goes to " + list(protocols.stream()
                                .distinct().toList()) + " providers"));
            }
        }
        for (int i = 0; i < entry.fallbacks().size(); i++) {
            ModelNames.Entry fallback = names.get(entry.fallbacks().get(i));
            if (fallback == null) {
                continue;
            }
            List<ModelOperation> theirs = ConfigDefaults.operations(fallback.spec().operations());
            if (operations.stream().noneMatch(theirs::contains)) {
                problems.add(Problem.warning(Reason.InvalidField, model.file(), model.kind(), model.name(),
                        "spec.fallbacks", "fallback " + fallback.name() + " serves " + list(theirs)
                                + ", none of this model's operations (" + list(operations) + "); it is never tried"));
            }
        }
    }

    private static Dialect protocol(LogicalModelSpec.Route route, Map<String, Manifest<Provider>> providers) {
        if (route == null || route.provider() == null || !providers.containsKey(route.provider())) {
            return null;
        }
        Manifest<Provider> provider = providers.get(route.provider());
        return provider.object().getSpec() == null ? null : provider.object().getSpec().protocol();
    }

    private static String list(List<?> values) {
        return String.join(", ", values.stream().map(String::valueOf).toList());
    }
}
