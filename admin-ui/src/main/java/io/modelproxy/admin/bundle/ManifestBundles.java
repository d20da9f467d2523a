package io.modelproxy.admin.bundle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.modelproxy.admin.store.EditCheck;
import io.modelproxy.admin.store.EditRefused;
import io.modelproxy.admin.store.ManifestShape;
import io.modelproxy.admin.store.ManifestStore;
import io.modelproxy.admin.store.ObjectKind;
import io.modelproxy.admin.store.Precondition;
import io.modelproxy.api.LogicalModel;
import io.modelproxy.api.ModelGateway;
import io.modelproxy.api.Provider;
import io.modelproxy.bundle.ExportResult;
import io.modelproxy.bundle.ImportOptions;
import io.modelproxy.bundle.ImportPlan;
import io.modelproxy.bundle.ImportResult;
import io.modelproxy.bundle.ManifestObjects;
import io.modelproxy.bundle.ManifestYaml;
import io.modelproxy.bundle.Note;
import io.modelproxy.bundle.formats.SourceFormat;
import io.modelproxy.bundle.modelproxy.ModelProxyExport;
import io.modelproxy.manifest.Manifest;
import io.modelproxy.manifest.ManifestSet;
import io.modelproxy.manifest.Problem;
import io.modelproxy.manifest.SecretManifest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Import and export for the admin, over the converters of {@code model-proxy import}/{@code export}
 * ({@link SourceFormat}, {@link ImportPlan}, {@link ManifestYaml}, {@link ModelProxyExport}) and one
 * {@link ManifestStore}.
 *
 * <p>An import is planned before it is applied: which objects it adds, changes or leaves, which keys it sets,
 * and the errors it would add to the manifests, compiled together as they would be after it (key checks
 * aside: the keys of a cluster cannot be read). An import that would not compile writes nothing. Applying
 * writes keys first, then Providers, LogicalModels and ModelGateways, each through the store and its
 * own check. A key the store holds already is kept (rotate it on the Keys page); a key that is a
 * {@code ${VAR}} of the source is written as that variable where Secrets can hold variables (a manifest
 * directory) and left to the user elsewhere; literal key values are imported only when asked.
 */
public final class ManifestBundles {
    private static final Pattern VARIABLE = Pattern.compile("^\\$\\{([A-Za-z_][A-Za-z0-9_]*)}$");
    private static final String IMPORTED = "import";

    private final ManifestStore store;

    public ManifestBundles(ManifestStore store) {
        this.store = store;
    }

    /** What a key of the import becomes. */
    public enum KeyAction {
        /** Written to the Secret. */
        SET,
        /** The Secret holds this key already: kept as it is. */
        KEPT,
        /** Not written: the user sets it (the Keys page, or kubectl), e.g. a variable in a cluster. */
        TO_SET
    }

    /**
     * One key of the import, never with its value.
     *
     * @param variable the source's environment variable for it; null when the source holds the value itself
     */
    public record ImportedKey(String secret, String key, String variable, KeyAction action) {}

    /** One object of the import: its verdict ({@code added}, {@code changed}, {@code unchanged}) and manifest. */
    public record ImportedObject(ObjectKind kind, String name, String action, ObjectNode manifest) {}

    /**
     * An import's plan or outcome.
     *
     * @param format the format read
     * @param objects Providers, then LogicalModels, then ModelGateways, in the order they are written
     * @param keys the keys of the import's Secrets
     * @param notes the converter's report: unmapped fields (warnings) and input errors
     * @param problems errors the import would add to the manifests; empty when it may be applied
     */
    public record Import(SourceFormat format, List<ImportedObject> objects, List<ImportedKey> keys, List<Note> notes,
            List<Problem> problems) {
        public boolean applicable() {
            return problems.isEmpty() && notes.stream().noneMatch(Note::isError);
        }
    }

    /**
     * Reads an uploaded file and plans its import; nothing is written.
     *
     * @param format {@code model-proxy}, {@code litellm} or {@code python-llm-proxy}; null or {@code auto} to
     *     recognise it
     * @param includeKeyValues import key values the file holds; otherwise only keys named by a variable
     * @throws IllegalArgumentException with a message for the user when the format is unknown or unrecognised
     */
    public Import plan(String fileName, String format, String content, boolean includeKeyValues) {
        return planned(fileName, format, content, includeKeyValues).plan();
    }

    /** A plan, and the conversion it was made from (which may hold key values: it stays in here). */
    private record Planned(Import plan, ImportResult result) {}

    private Planned planned(String fileName, String format, String content, boolean includeKeyValues) {
        SourceFormat source = format == null || format.isBlank() || format.equals("auto")
                ? SourceFormat.detect(fileName, content) : SourceFormat.of(format);
        ImportResult result = source.read(fileName, content, new ImportOptions(null, includeKeyValues, Map.of()));
        ManifestSet existing = store.manifests();
        ImportPlan plan = ImportPlan.of(result, existing);
        List<ImportedObject> objects = new ArrayList<>();
        ManifestObjects imported = result.objects();
        addAll(objects, ObjectKind.PROVIDERS, imported.providers(), plan);
        addAll(objects, ObjectKind.MODELS, fallbacksFirst(imported.logicalModels()), plan);
        addAll(objects, ObjectKind.GATEWAYS, imported.gateways(), plan);
        List<ImportedKey> keys = keys(imported.secrets(), existing);
        List<Problem> problems = result.hasErrors() ? List.of() : addedErrors(existing, imported);
        return new Planned(new Import(source, objects, keys, plan.notes(), problems), result);
    }

    /**
     * Plans the import and, when it would compile, writes it.
     *
     * @throws EditRefused 400 listing the problems when the file has errors or the import would not compile;
     *     nothing is written then
     */
    public Import apply(String fileName, String format, String content, boolean includeKeyValues) {
        Planned planned = planned(fileName, format, content, includeKeyValues);
        Import plan = planned.plan();
        List<Problem> errors = plan.notes().stream().filter(Note::isError)
                .map(note -> Problem.error(Problem.Reason.InvalidManifest, note.file(), null, note.object(),
                        note.field(), note.message()))
                .toList();
        if (!errors.isEmpty()) {
            throw EditRefused.doesNotCompile(errors);
        }
        if (!plan.problems().isEmpty()) {
            throw EditRefused.doesNotCompile(plan.problems());
        }
        Map<String, Secret> secrets = new LinkedHashMap<>();
        planned.result().objects().secrets().forEach(s -> secrets.put(s.getMetadata().getName(), s));
        for (ImportedKey key : plan.keys()) {
            if (key.action() == KeyAction.SET) {
                store.setKey(key.secret(), key.key(), secrets.get(key.secret()).getStringData().get(key.key()));
            }
        }
        for (ImportedObject object : plan.objects()) {
            if (!object.action().equals("unchanged")) {
                store.put(object.kind(), object.name(), object.manifest(), Precondition.NONE, false);
            }
        }
        return plan;
    }

    /** Every Provider, LogicalModel and ModelGateway as one YAML stream; Secrets are never exported. */
    public String yaml() {
        ManifestSet set = store.manifests();
        return ManifestYaml.all(new ManifestObjects(objects(set.providers()), objects(set.logicalModels()),
                objects(set.gateways()), List.of()));
    }

    /**
     * The manifests as a Model-Proxy bundle.
     *
     * @param includeSecretValues write key values into the bundle (only when the user asks for it)
     */
    public ExportResult bundle(boolean includeSecretValues) {
        return ModelProxyExport.export(store.manifests(), store.variables().orElse(Map.of()), includeSecretValues);
    }

    public static String bundleFileName() {
        return "model-proxy-bundle.json";
    }

    /**
     * The models in an order each can be written in: a model after the imported models its fallbacks name
     * (by model name or alias), so every write on the way compiles. Fallback cycles do not compile, so
     * there are none here by the time the order matters.
     */
    private static List<LogicalModel> fallbacksFirst(List<LogicalModel> models) {
        Map<String, LogicalModel> byClientName = new LinkedHashMap<>();
        for (LogicalModel model : models) {
            var spec = model.getSpec();
            String modelName = spec == null || spec.modelName() == null || spec.modelName().isBlank()
                    ? model.getMetadata().getName() : spec.modelName();
            byClientName.putIfAbsent(modelName, model);
            if (spec != null && spec.aliases() != null) {
                spec.aliases().forEach(alias -> byClientName.putIfAbsent(alias, model));
            }
        }
        Set<LogicalModel> placed = new LinkedHashSet<>();
        Set<LogicalModel> visiting = new HashSet<>();
        for (LogicalModel model : models) {
            place(model, byClientName, placed, visiting);
        }
        return List.copyOf(placed);
    }

    private static void place(LogicalModel model, Map<String, LogicalModel> byClientName,
            Set<LogicalModel> placed, Set<LogicalModel> visiting) {
        if (placed.contains(model) || !visiting.add(model)) {
            return;
        }
        if (model.getSpec() != null && model.getSpec().fallbacks() != null) {
            for (String fallback : model.getSpec().fallbacks()) {
                LogicalModel target = byClientName.get(fallback);
                if (target != null) {
                    place(target, byClientName, placed, visiting);
                }
            }
        }
        placed.add(model);
    }

    private static <T extends HasMetadata> List<T> objects(List<Manifest<T>> manifests) {
        return manifests.stream().map(Manifest::object).toList();
    }

    private static void addAll(List<ImportedObject> objects, ObjectKind kind, List<? extends HasMetadata> imported,
            ImportPlan plan) {
        for (HasMetadata object : imported) {
            String name = object.getMetadata().getName();
            String id = kind.kind() + "/" + name;
            String action = plan.added().contains(id) ? "added" : plan.changed().contains(id) ? "changed" : "unchanged";
            objects.add(new ImportedObject(kind, name, action,
                    ManifestShape.normalize(kind, name, ManifestYaml.tree(object))));
        }
    }

    private List<ImportedKey> keys(List<Secret> secrets, ManifestSet existing) {
        Map<String, Set<String>> held = new LinkedHashMap<>();
        for (SecretManifest secret : existing.secrets()) {
            Set<String> names = held.computeIfAbsent(secret.name(), n -> new HashSet<>());
            names.addAll(secret.values().keySet());
            names.addAll(secret.unset().keySet());
        }
        store.keyDigests().forEach((secret, digests) ->
                held.computeIfAbsent(secret, n -> new HashSet<>()).addAll(digests.keySet()));
        boolean variables = store.variables().isPresent();
        List<ImportedKey> keys = new ArrayList<>();
        for (Secret secret : secrets) {
            String name = secret.getMetadata().getName();
            Map<String, String> entries = Objects.requireNonNullElse(secret.getStringData(), Map.of());
            entries.forEach((key, value) -> {
                var variable = VARIABLE.matcher(value);
                String named = variable.matches() ? variable.group(1) : null;
                KeyAction action = held.getOrDefault(name, Set.of()).contains(key) ? KeyAction.KEPT
                        : named == null || variables ? KeyAction.SET : KeyAction.TO_SET;
                keys.add(new ImportedKey(name, key, named, action));
            });
        }
        return keys;
    }

    /**
     * The errors the manifests would have after the import that they do not have now, compiled in memory
     * with the imported objects in place of their namesakes; key checks are left to the store's own.
     */
    private static List<Problem> addedErrors(ManifestSet existing, ManifestObjects imported) {
        ManifestSet after = new ManifestSet(
                replaced(existing.providers(), imported.providers(), Provider.KIND),
                replaced(existing.logicalModels(), imported.logicalModels(), LogicalModel.KIND),
                replaced(existing.gateways(), imported.gateways(), ModelGateway.KIND),
                existing.secrets(), existing.skipped(), existing.problems());
        EditCheck check = new EditCheck(EditCheck::aboutKeys);
        try {
            EditCheck.check(check.problems(existing), check.problems(after));
            return List.of();
        } catch (EditRefused refused) {
            return refused.problems();
        }
    }

    private static <T extends HasMetadata> List<Manifest<T>> replaced(List<Manifest<T>> existing, List<T> imported,
            String kind) {
        Map<String, Manifest<T>> byName = new LinkedHashMap<>();
        existing.forEach(m -> byName.putIfAbsent(m.name(), m));
        Function<T, Manifest<T>> manifest = o -> new Manifest<>(IMPORTED + "/" + kind + "/" + o.getMetadata().getName(), o);
        imported.forEach(o -> byName.put(o.getMetadata().getName(), manifest.apply(o)));
        return List.copyOf(byName.values());
    }
}
