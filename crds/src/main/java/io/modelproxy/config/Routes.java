package io.modelproxy.config;

import io.modelproxy.api.LogicalModel;
import io.modelproxy.api.LogicalModelSpec;
import io.modelproxy.api.Provider;
import io.modelproxy.manifest.Manifest;
import io.modelproxy.manifest.Problem;
import io.modelproxy.manifest.Problem.Reason;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Resolves the routes of the models of one compile, compiling each Provider once, as the first route needs it. */
final class Routes {
    private final Map<String, Manifest<Provider>> providers;
    private final ProviderCompiler compiler;
    private final Substitutions subs;
    private final List<Problem> problems;
    private final Map<String, Optional<ProviderConfig>> compiled = new TreeMap<>();

    Routes(Map<String, Manifest<Provider>> providers, ProviderCompiler compiler, Substitutions subs,
            List<Problem> problems) {
        this.providers = providers;
        this.compiler = compiler;
        this.subs = subs;
        this.problems = problems;
    }

    /** The Providers a model's routes name, as written. */
    Set<String> declared(ModelNames.Entry entry) {
        List<LogicalModelSpec.Route> declared = entry.spec().routes() == null ? List.of() : entry.spec().routes();
        Set<String> names = new LinkedHashSet<>();
        declared.stream().filter(Objects::nonNull).map(LogicalModelSpec.Route::provider).filter(Objects::nonNull)
                .forEach(names::add);
        return names;
    }

    /** A Provider some usable route goes to. */
    ProviderConfig compiled(String name) {
        ProviderConfig held = subs.heldProviders().get(name);
        return held != null ? held : compiled.get(name).orElseThrow();
    }

    /**
     * Whether the gateway's passthrough Provider can be used: one that does not exist is an error, one
     * left out or with no key set a warning; either way requests no model serves are then answered 404.
     */
    boolean passthroughUsable(Manifest<?> gateway, String name) {
        String field = "spec.passthrough.provider";
        if (subs.heldProviders().containsKey(name)) {
            return true;
        }
        if (!providers.containsKey(name) && !subs.leftOutProviders().contains(name)) {
            problems.add(Problem.error(Reason.ProviderNotFound, gateway.file(), gateway.kind(), gateway.name(), field,
                    "Provider " + name + " not found"));
            return false;
        }
        boolean usable = !subs.leftOutProviders().contains(name)
                && compiled.computeIfAbsent(name, n -> compiler.compile(providers.get(n), problems)).isPresent();
        if (!usable) {
            problems.add(Problem.warning(Reason.NoUsableRoute, gateway.file(), gateway.kind(), gateway.name(), field,
                    "Provider " + name + (compiler.isKeyless(name) ? " has no API key set" : " is invalid and left out")
                            + "; requests no model serves are answered 404"));
        }
        return usable;
    }

    /**
     * The model's usable routes. A route to a Provider that does not exist is an error; a route to a
     * Provider with no key set, or left out for being invalid, is dropped, and a model left with no
     * route at all is a warning (its fallbacks serve).
     */
    List<ModelConfig.Route> of(ModelNames.Entry entry) {
        Manifest<LogicalModel> model = entry.manifest();
        List<LogicalModelSpec.Route> declared = entry.spec().routes() == null ? List.of() : entry.spec().routes();
        List<ModelConfig.Route> routes = new ArrayList<>();
        Set<String> keyless = new LinkedHashSet<>();
        Set<String> unusable = new LinkedHashSet<>();
        boolean broken = false;
        for (int i = 0; i < declared.size(); i++) {
            LogicalModelSpec.Route route = declared.get(i);
            if (route == null || route.provider() == null) {
                continue;  // reported by the schema check
            }
            String name = route.provider();
            boolean usable;
            if (subs.heldProviders().containsKey(name)) {
                usable = true;
            } else if (subs.leftOutProviders().contains(name)) {
                usable = false;
                unusable.add(name);
            } else if (!providers.containsKey(name)) {
                // the error says it; the route is dropped and the model judged with what remains
                problems.add(Problem.error(Reason.ProviderNotFound, model.file(), model.kind(), model.name(),
                        "spec.routes[" + i + "].provider", "Provider " + name + " not found"));
                continue;
            } else {
                usable = compiled.computeIfAbsent(name, n -> compiler.compile(providers.get(n), problems)).isPresent();
                if (!usable && compiler.isKeyless(name)) {
                    keyless.add(name);
                } else if (!usable) {
                    broken = true;
                }
            }
            if (usable) {
                routes.add(new ModelConfig.Route(name, route.model(), ConfigDefaults.orDefault(route.weight(),
                        ConfigDefaults.WEIGHT), route.contextWindow(), route.maxOutputTokens(), route.timeoutSeconds()));
            }
        }
        if (routes.isEmpty() && !broken && !(keyless.isEmpty() && unusable.isEmpty())) {
            List<String> causes = new ArrayList<>();
            if (!keyless.isEmpty()) {
                causes.add("no API key is set for Provider " + String.join(", ", keyless));
            }
            if (!unusable.isEmpty()) {
                causes.add("Provider " + String.join(", ", unusable) + " is invalid and left out");
            }
            String why = String.join("; ", causes);
            problems.add(Problem.warning(Reason.NoUsableRoute, model.file(), model.kind(), model.name(),
                    "spec.routes", "no usable route (" + why + ")"
                            + (entry.fallbacks().isEmpty() ? "; requests for " + entry.name() + " will fail"
                            : "; requests go to its fallbacks (" + String.join(", ", entry.fallbacks()) + ")")));
        }
        return routes;
    }
}
