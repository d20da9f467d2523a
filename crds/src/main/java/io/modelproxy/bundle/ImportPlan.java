package io.modelproxy.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.modelproxy.manifest.Manifest;
import io.modelproxy.manifest.ManifestSet;
import io.modelproxy.manifest.SecretManifest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A dry run of an import against manifests that exist already (a directory, or the cluster's objects):
 * which objects it would add, change or leave as they are. Objects are compared as
 * {@link ManifestYaml#tree} writes them, Secrets by their entries with {@code ${VAR}} entries compared as
 * written, so no key value is needed or shown.
 *
 * @param added {@code Kind/name} of objects that do not exist yet
 * @param changed {@code Kind/name} of objects that exist with other content
 * @param unchanged {@code Kind/name} of objects that exist as they would be written
 * @param notes the import's report
 */
public record ImportPlan(List<String> added, List<String> changed, List<String> unchanged, List<Note> notes) {
    public ImportPlan {
        added = List.copyOf(added);
        changed = List.copyOf(changed);
        unchanged = List.copyOf(unchanged);
        notes = List.copyOf(notes);
    }

    /**
     * @param existing manifests read with an empty environment, so {@code ${VAR}} entries stay variables
     */
    public static ImportPlan of(ImportResult result, ManifestSet existing) {
        Map<String, JsonNode> current = new HashMap<>();
        List<Manifest<? extends HasMetadata>> all = new ArrayList<>();
        all.addAll(existing.providers());
        all.addAll(existing.logicalModels());
        all.addAll(existing.gateways());
        all.forEach(m -> current.put(m.kind() + "/" + m.name(), spec(ManifestYaml.tree(m.object()))));
        Map<String, Map<String, String>> secrets = new HashMap<>();
        for (SecretManifest secret : existing.secrets()) {
            Map<String, String> entries = new TreeMap<>(secret.values());
            secret.unset().forEach((key, variable) -> entries.put(key, "${" + variable + "}"));
            secrets.put(secret.name(), entries);
        }
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        List<HasMetadata> imported = new ArrayList<>();
        imported.addAll(result.objects().providers());
        imported.addAll(result.objects().logicalModels());
        imported.addAll(result.objects().gateways());
        for (HasMetadata object : imported) {
            String id = object.getKind() + "/" + object.getMetadata().getName();
            JsonNode before = current.get(id);
            (before == null ? added : before.equals(spec(ManifestYaml.tree(object))) ? unchanged : changed).add(id);
        }
        for (Secret secret : result.objects().secrets()) {
            String id = "Secret/" + secret.getMetadata().getName();
            Map<String, String> before = secrets.get(secret.getMetadata().getName());
            Map<String, String> after = new TreeMap<>(Objects.requireNonNullElse(secret.getStringData(), Map.of()));
            (before == null ? added : before.equals(after) ? unchanged : changed).add(id);
        }
        return new ImportPlan(added, changed, unchanged, result.notes());
    }

    private static JsonNode spec(JsonNode tree) {
        return tree.path("spec");
    }
}
