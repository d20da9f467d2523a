package io.modelproxy.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.client.CustomResource;
import io.modelproxy.api.LogicalModel;
import io.modelproxy.api.LogicalModelSpec;
import io.modelproxy.api.ModelGateway;
import io.modelproxy.api.Provider;
import io.modelproxy.manifest.Manifest;
import io.modelproxy.manifest.ManifestSet;
import io.modelproxy.manifest.Problem;
import io.modelproxy.manifest.Problem.Reason;
import io.modelproxy.manifest.SecretManifest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One compile of a manifest set, with some objects replaced by their last valid form or left out
 * ({@link Substitutions}): the step {@link ObjectAcceptance} repeats until its verdicts settle, and all
 * of {@link ConfigCompiler#compile}. Pure: same input, same output.
 */
final class Compilation {
    private static final ObjectMapper DIGEST_JSON = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    /**
     * What one compile found.
     *
     * @param config the config built from what is valid; null when no gateway settings can be had
     * @param problems every problem, reading problems first
     * @param cycles fallback cycles as LogicalModel metadata names, the closing model last
     * @param models the LogicalModels compiled, by metadata name (after substitution)
     * @param referencedProviders the Providers the served models' routes name, as written
     * @param gateway the ModelGateway compiled, if any
     */
    record Run(GatewayConfig config, List<Problem> problems, List<List<String>> cycles,
            Map<String, Manifest<LogicalModel>> models, Set<String> referencedProviders,
            Optional<Manifest<ModelGateway>> gateway) {}

    private Compilation() {}

    static Run run(ManifestSet set, String gatewayName, Substitutions subs) {
        List<Problem> problems = new ArrayList<>(set.problems());
        Map<String, Manifest<Provider>> providers = unique(set.providers(), Manifest::name, Manifest::file,
                Provider.KIND, problems);
        Map<String, Manifest<LogicalModel>> models = unique(set.logicalModels(), Manifest::name, Manifest::file,
                LogicalModel.KIND, problems);
        Map<String, Manifest<ModelGateway>> gateways = unique(set.gateways(), Manifest::name, Manifest::file,
                ModelGateway.KIND, problems);
        Map<String, SecretManifest> secrets = unique(set.secrets(), SecretManifest::name, SecretManifest::file,
                "Secret", problems);
        models.keySet().removeAll(subs.leftOutModels());
        subs.heldModels().forEach((name, form) -> models.put(name, form));

        providers.values().forEach(p -> problems.addAll(SchemaValidator.validate(p, p.object().getSpec())));
        providers.values().forEach(p -> problems.addAll(ProviderRules.check(p)));
        models.values().forEach(m -> problems.addAll(SchemaValidator.validate(m, m.object().getSpec())));
        gateways.values().forEach(g -> problems.addAll(SchemaValidator.validate(g, g.object().getSpec())));

        ModelNames names = ModelNames.build(models.values(), subs.leftOutModelNames(), problems);
        SecretRefResolver keys = new SecretRefResolver(secrets);
        Optional<Manifest<ModelGateway>> gateway = GatewayCompiler.choose(gateways, gatewayName, problems);
        Optional<GatewaySettings> settings = subs.gatewayLeftOut() ? Optional.empty()
                : Optional.ofNullable(subs.heldSettings()).or(() -> Optional.of(gateway
                        .map(g -> GatewayCompiler.settings(g, keys, problems)).orElseGet(GatewaySettings::defaults)));
        List<String> selected = names.entries().stream()
                .filter(entry -> gateway.map(g -> GatewayCompiler.selects(g, entry.manifest())).orElse(true))
                .map(ModelNames.Entry::name)
                .toList();
        if (subs.heldSettings() == null && gateway.isPresent()) {
            List<ModelNames.Entry> served = names.withFallbacks(selected).stream().map(names::get).toList();
            settings = settings.map(s -> s.withPathPrefixes(PathPrefixCompiler.compile(gateway.get(), served, problems)));
        }

        Routes routes = new Routes(providers, new ProviderCompiler(keys), subs, problems);
        List<ModelConfig> modelConfigs = new ArrayList<>();
        Set<String> referenced = new LinkedHashSet<>();
        Map<String, ObjectSource> sources = new TreeMap<>();
        for (String name : names.withFallbacks(selected)) {
            ModelNames.Entry entry = names.get(name);
            modelConfigs.add(model(entry, routes.of(entry)));
            OperationChecks.check(entry, names, providers, problems);
            referenced.addAll(routes.declared(entry));
            sources.put(entry.manifest().name(), source(entry.manifest(), entry.name(), subs));
        }
        String passthrough = settings.map(GatewaySettings::passthroughProvider).orElse(null);
        if (passthrough != null && gateway.isPresent() && !routes.passthroughUsable(gateway.get(), passthrough)) {
            settings = settings.map(GatewaySettings::withoutPassthrough);
            passthrough = null;
        }
        List<ProviderConfig> providerConfigs = java.util.stream.Stream.concat(modelConfigs.stream()
                        .flatMap(m -> m.routes().stream())
                        .map(ModelConfig.Route::provider), java.util.stream.Stream.ofNullable(passthrough))
                .distinct()
                .sorted()
                .map(routes::compiled)
                .toList();
        List<ObjectSource> all = new ArrayList<>(sources.values());
        providerConfigs.forEach(p -> all.add(Optional.ofNullable(subs.heldSources().get(Provider.KIND + "/" + p.name()))
                .orElseGet(() -> source(providers.get(p.name()), null, subs))));
        gateway.ifPresent(g -> all.add(source(g, null, subs)));
        all.sort(Comparator.comparing(ObjectSource::kind).thenComparing(ObjectSource::name));

        List<List<String>> cycles = names.cycles().stream()
                .map(cycle -> cycle.stream().map(model -> names.get(model).manifest().name()).toList())
                .toList();
        GatewayConfig config = settings.map(s -> new GatewayConfig(GatewayConfig.CURRENT_VERSION, s, providerConfigs,
                modelConfigs, all)).orElse(null);
        return new Run(config, problems, cycles, models, referenced, gateway);
    }

    /** The source record of an object as compiled now, or the one of its held-back form. */
    private static ObjectSource source(Manifest<? extends CustomResource<?, ?>> manifest, String modelName,
            Substitutions subs) {
        ObjectSource held = subs.heldSources().get(manifest.kind() + "/" + manifest.name());
        return held != null ? held : new ObjectSource(manifest.kind(), manifest.name(), manifest.file(),
                manifest.object().getMetadata().getGeneration(), digest(manifest), modelName);
    }

    /** sha256 of an object's spec and labels: what decides what it compiles to, and whether it was edited. */
    static String digest(Manifest<? extends CustomResource<?, ?>> manifest) {
        try {
            Map<String, Object> content = new LinkedHashMap<>();
            content.put("labels", manifest.object().getMetadata().getLabels());
            content.put("spec", manifest.object().getSpec());
            byte[] json = DIGEST_JSON.writeValueAsBytes(content);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a spec is always serializable and every JDK has SHA-256", e);
        }
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

    private static ModelConfig model(ModelNames.Entry entry, List<ModelConfig.Route> routes) {
        LogicalModelSpec spec = entry.spec();
        return new ModelConfig(
                entry.name(),
                entry.aliases(),
                spec.contextWindow(),
                ConfigDefaults.orDefault(spec.defaultMaxTokens(), ConfigDefaults.MAX_TOKENS),
                ConfigDefaults.orDefault(spec.timeoutSeconds(), ConfigDefaults.MODEL_TIMEOUT_SECONDS),
                ConfigDefaults.strategy(spec.strategy()),
                routes,
                entry.fallbacks(),
                systemPrompt(spec.systemPrompt()),
                toolCallEnforcement(spec.toolCallEnforcement()),
                difficultyRouting(entry),
                ConfigDefaults.operations(spec.operations()));
    }

    /** Null without a valid classifier: a model whose classifier is invalid is held back, never half-routed. */
    private static ModelConfig.DifficultyRouting difficultyRouting(ModelNames.Entry entry) {
        LogicalModelSpec.DifficultyRouting given = entry.spec().difficultyRouting();
        if (given == null || given.classifier() == null
                || (entry.classifier() == null && given.classifier().heuristic() == null)) {
            return null;
        }
        return ConfigDefaults.difficultyRouting(given, entry.classifier(), entry.targets());
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
        return given == null ? ConfigDefaults.toolCallEnforcement(null, null, null, null)
                : ConfigDefaults.toolCallEnforcement(given.enabled(), given.maxRetries(), given.terminationFlag(),
                        given.guidance());
    }
}
