package io.modelproxy.config;

import io.modelproxy.api.LogicalModel;
import io.modelproxy.api.LogicalModelSpec;
import io.modelproxy.api.ModelGateway;
import io.modelproxy.api.Provider;
import io.modelproxy.api.Strategy;
import io.modelproxy.manifest.Manifest;
import io.modelproxy.manifest.ManifestSet;
import io.modelproxy.manifest.Problem;
import io.modelproxy.manifest.Problem.Reason;
import io.modelproxy.manifest.SecretManifest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Compiles a {@link ManifestSet} into the {@link GatewayConfig} one gateway runs from: checks what the CRD
 * schema would check at {@code kubectl apply} (standalone has no API server), resolves provider, fallback,
 * alias and key references, and applies every default, so the gateway never guesses.
 *
 * <p>Only the ModelGateway's models (its selector's, plus every model their fallbacks reach) and the
 * Providers they route to are resolved and included; a broken object that this gateway does not use does
 * not block it. Same input, same output byte for byte: models and providers are sorted by name, because
 * the operator hashes the JSON.
 */
public final class ConfigCompiler {
    static final int DEFAULT_MODEL_TIMEOUT_SECONDS = 120;
    static final int DEFAULT_MAX_TOKENS = 4096;
    public static final int DEFAULT_TOOL_RETRIES = 2;
    public static final String DEFAULT_TERMINATION_FLAG = "[[TASK_COMPLETE]]";

    private ConfigCompiler() {}

    /**
     * Compiles the manifests for one gateway.
     *
     * @param set manifests, with the problems met while reading them
     * @param gatewayName the ModelGateway to compile; null for the only one, or for standalone defaults
     *     ({@link GatewaySettings#defaults()}, every LogicalModel) when there is none
     * @return the config when there is no error, and every problem (reading problems included)
     */
    public static CompileResult compile(ManifestSet set, String gatewayName) {
        List<Problem> problems = new ArrayList<>(set.problems());
        Map<String, Manifest<Provider>> providers = unique(set.providers(), Manifest::name, Manifest::file,
                Provider.KIND, problems);
        Map<String, Manifest<LogicalModel>> models = unique(set.logicalModels(), Manifest::name, Manifest::file,
                LogicalModel.KIND, problems);
        Map<String, Manifest<ModelGateway>> gateways = unique(set.gateways(), Manifest::name, Manifest::file,
                ModelGateway.KIND, problems);
        Map<String, SecretManifest> secrets = unique(set.secrets(), SecretManifest::name, SecretManifest::file,
                "Secret", problems);

        providers.values().forEach(p -> problems.addAll(SchemaValidator.validate(p, p.object().getSpec())));
        models.values().forEach(m -> problems.addAll(SchemaValidator.validate(m, m.object().getSpec())));
        gateways.values().forEach(g -> problems.addAll(SchemaValidator.validate(g, g.object().getSpec())));

        ModelCatalog catalog = ModelCatalog.build(models.values(), problems);
        KeyResolver keys = new KeyResolver(secrets);
        Optional<Manifest<ModelGateway>> gateway = GatewayCompiler.choose(gateways, gatewayName, problems);
        GatewaySettings settings = gateway.map(g -> GatewayCompiler.settings(g, keys, problems))
                .orElseGet(GatewaySettings::defaults);
        List<String> selected = catalog.entries().stream()
                .filter(entry -> gateway.map(g -> GatewayCompiler.selects(g, entry.manifest())).orElse(true))
                .map(ModelCatalog.Entry::name)
                .toList();

        ProviderCompiler providerCompiler = new ProviderCompiler(keys);
        Map<String, Optional<ProviderConfig>> compiled = new TreeMap<>();
        List<ModelConfig> modelConfigs = new ArrayList<>();
        for (String name : catalog.withFallbacks(selected)) {
            ModelCatalog.Entry entry = catalog.get(name);
            List<ModelConfig.Route> routes = routes(entry, providers, providerCompiler, compiled, problems);
            modelConfigs.add(model(entry, routes));
        }
        List<ProviderConfig> providerConfigs = modelConfigs.stream()
                .flatMap(m -> m.routes().stream())
                .map(ModelConfig.Route::provider)
                .distinct()
                .sorted()
                .map(name -> compiled.get(name).orElseThrow())
                .toList();

        boolean failed = problems.stream().anyMatch(Problem::isError);
        return new CompileResult(failed ? null
                : new GatewayConfig(GatewayConfig.CURRENT_VERSION, settings, providerConfigs, modelConfigs), problems);
    }

    /** Objects by name; a second object of the same kind and name is an error and is left out. */
    private static <T> Map<String, T> unique(Collection<T> objects, Function<T, String> name,
            Function<T, String> file, String kind, List<Problem> problems) {
        Map<String, T> byName = new LinkedHashMap<>();
        for (T object : objects) {
            T first = byName.putIfAbsent(name.apply(object), object);
            if (first != null) {
                problems.add(Problem.error(Reason.DuplicateResource, file.apply(object), kind, name.apply(object),
                        "metadata.name", kind + " " + name.apply(object) + " is defined twice; the first one, in "
                                + file.apply(first) + ", is used"));
            }
        }
        return byName;
    }

    /**
     * The model's usable routes. A route to a Provider that does not exist is an error; a route to a
     * Provider with no key set is left out, and a model left with no route at all is a warning.
     */
    private static List<ModelConfig.Route> routes(ModelCatalog.Entry entry, Map<String, Manifest<Provider>> providers,
            ProviderCompiler providerCompiler, Map<String, Optional<ProviderConfig>> compiled, List<Problem> problems) {
        Manifest<LogicalModel> model = entry.manifest();
        List<LogicalModelSpec.Route> declared = entry.spec().routes() == null ? List.of() : entry.spec().routes();
        List<ModelConfig.Route> routes = new ArrayList<>();
        Set<String> keyless = new LinkedHashSet<>();
        boolean broken = false;
        for (int i = 0; i < declared.size(); i++) {
            LogicalModelSpec.Route route = declared.get(i);
            if (route == null || route.provider() == null) {
                continue;  // reported by the schema check
            }
            Manifest<Provider> provider = providers.get(route.provider());
            if (provider == null) {
                broken = true;
                problems.add(Problem.error(Reason.ProviderNotFound, model.file(), model.kind(), model.name(),
                        "spec.routes[" + i + "].provider", "Provider " + route.provider() + " not found"));
                continue;
            }
            Optional<ProviderConfig> config = compiled.computeIfAbsent(
                    provider.name(), name -> providerCompiler.compile(provider, problems));
            if (config.isPresent()) {
                routes.add(new ModelConfig.Route(provider.name(), route.model(),
                        ProviderCompiler.orDefault(route.weight(), 1), route.contextWindow(),
                        route.maxOutputTokens(), route.timeoutSeconds()));
            } else if (providerCompiler.isKeyless(provider.name())) {
                keyless.add(provider.name());
            } else {
                broken = true;
            }
        }
        if (routes.isEmpty() && !broken && !keyless.isEmpty()) {
            problems.add(Problem.warning(Reason.NoUsableRoute, model.file(), model.kind(), model.name(),
                    "spec.routes", "no usable route (no API key is set for Provider " + String.join(", ", keyless) + ")"
                            + (entry.fallbacks().isEmpty() ? "; requests for " + entry.name() + " will fail"
                            : "; requests go to its fallbacks (" + String.join(", ", entry.fallbacks()) + ")")));
        }
        return routes;
    }

    private static ModelConfig model(ModelCatalog.Entry entry, List<ModelConfig.Route> routes) {
        LogicalModelSpec spec = entry.spec();
        return new ModelConfig(
                entry.name(),
                entry.aliases(),
                spec.contextWindow(),
                ProviderCompiler.orDefault(spec.defaultMaxTokens(), DEFAULT_MAX_TOKENS),
                ProviderCompiler.orDefault(spec.timeoutSeconds(), DEFAULT_MODEL_TIMEOUT_SECONDS),
                spec.strategy() == null ? Strategy.Ordered : spec.strategy(),
                routes,
                entry.fallbacks(),
                systemPrompt(spec.systemPrompt()),
                toolCallEnforcement(spec.toolCallEnforcement()));
    }

    private static ModelConfig.SystemPrompt systemPrompt(LogicalModelSpec.SystemPromptEdits edits) {
        if (edits == null) {
            return null;
        }
        List<ModelConfig.SystemPrompt.Replacement> replacements = edits.replacements() == null ? List.of()
                : edits.replacements().stream()
                        .map(r -> new ModelConfig.SystemPrompt.Replacement(r.find(), r.replace() == null ? "" : r.replace()))
                        .toList();
        return new ModelConfig.SystemPrompt(replacements, edits.append());
    }

    private static ModelConfig.ToolCallEnforcement toolCallEnforcement(LogicalModelSpec.ToolCallEnforcement given) {
        LogicalModelSpec.ToolCallEnforcement spec = given == null
                ? new LogicalModelSpec.ToolCallEnforcement(null, null, null, null) : given;
        return new ModelConfig.ToolCallEnforcement(
                spec.enabled() != null && spec.enabled(),
                ProviderCompiler.orDefault(spec.maxRetries(), DEFAULT_TOOL_RETRIES),
                spec.terminationFlag() == null ? DEFAULT_TERMINATION_FLAG : spec.terminationFlag(),
                spec.guidance());
    }
}
