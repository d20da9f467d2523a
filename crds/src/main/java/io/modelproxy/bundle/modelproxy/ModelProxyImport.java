package io.modelproxy.bundle.modelproxy;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelproxy.bundle.ImportOptions;
import io.modelproxy.bundle.ImportResult;
import io.modelproxy.bundle.KeyEntry;
import io.modelproxy.bundle.ManifestDraft;
import io.modelproxy.bundle.Report;
import io.modelproxy.bundle.SourceEnvironment;
import io.modelproxy.bundle.SourceNode;
import io.modelproxy.bundle.SourceText;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Imports the original Model-Proxy's configuration: the bundle JSON its admin UI exports
 * ({@code {version, setup: {providers, models, environment, api_keys}}}) or its per-file config directory
 * ({@code providers/<name>.json}, {@code models/<logical_name>.json}, {@code audio-models/<name>.json}).
 */
public final class ModelProxyImport {
    private static final String AUDIO = "not imported: write it as a LogicalModel with operations: [Transcription]"
            + " routed to its provider's audio model";

    private ModelProxyImport() {}

    /**
     * One document of a source.
     *
     * @param fileName the name its file gives it (directory) or null (bundle)
     * @param label how notes name it until its own name is read
     */
    private record Document(String file, String fileName, String label, JsonNode node) {}

    /**
     * Imports a bundle.
     *
     * @param file the bundle's name in notes, e.g. {@code model-proxy-export.json}
     * @param json its content
     */
    public static ImportResult readBundle(String file, String json, ImportOptions options) {
        Report report = new Report();
        ManifestDraft draft = new ManifestDraft(options.includeSecretValues());
        Optional<SourceNode> root = SourceText.json(file, json, report);
        if (root.isEmpty()) {
            return ImportResult.of(draft, report, options);
        }
        SourceNode bundle = root.get();
        bundle.text("version").filter(v -> !v.startsWith("1."))
                .ifPresent(v -> bundle.warn("version", v + " is not a 1.x bundle; read as 1.0.0"));
        bundle.raw("exported_at");
        bundle.raw("metadata");
        Optional<SourceNode> setup = bundle.object("setup");
        if (setup.isEmpty() && !bundle.has("setup")) {
            bundle.error("setup", "required but missing");
        }
        bundle.finish(true);
        if (setup.isEmpty()) {
            return ImportResult.of(draft, report, options);
        }
        Map<String, String> own = new LinkedHashMap<>();
        setup.get().object("environment").ifPresent(environment -> {
            for (String name : environment.names()) {
                environment.text(name).ifPresent(value -> own.put(name, value));
            }
        });
        Map<String, List<KeyEntry>> keys = new LinkedHashMap<>();
        setup.get().object("api_keys").ifPresent(apiKeys -> {
            for (String provider : apiKeys.names()) {
                List<KeyEntry> entries = new ArrayList<>();
                for (SourceNode key : apiKeys.objects(provider)) {
                    Optional<String> variable = key.text("env_var");
                    Optional<String> value = key.text("value");
                    key.finish(true);
                    if (variable.isEmpty()) {
                        key.error("env_var", "required but missing");
                    } else if (!KeyPatterns.isVariableName(variable.get())) {
                        key.error("env_var", "not an environment variable name");
                    } else {
                        entries.add(new KeyEntry(variable.get(), value.orElse(null)));
                    }
                }
                keys.put(provider, entries);
            }
        });
        List<Document> providers = documents(setup.get(), "providers", file);
        List<Document> models = documents(setup.get(), "models", file);
        setup.get().finish(true);
        SourceEnvironment environment = new SourceEnvironment(own, options.environment());
        convert(providers, models, List.of(), environment, keys, draft, report);
        return ImportResult.of(draft, report, options);
    }

    private static List<Document> documents(SourceNode setup, String field, String file) {
        List<Document> documents = new ArrayList<>();
        setup.raw(field).ifPresent(list -> {
            if (list.isArray()) {
                for (int i = 0; i < list.size(); i++) {
                    documents.add(new Document(file, null, "setup." + field + "[" + i + "]", list.get(i)));
                }
            } else {
                setup.error(field, "expected a list");
            }
        });
        return documents;
    }

    /**
     * Imports a config directory: {@code DIR} itself or {@code DIR/config} holds {@code providers/},
     * {@code models/} and optionally {@code audio-models/}.
     *
     * @throws NoSuchFileException if neither holds a {@code providers/} or {@code models/} directory
     */
    public static ImportResult readDirectory(Path directory, ImportOptions options) throws IOException {
        Path config = isConfigDirectory(directory) ? directory : directory.resolve("config");
        if (!isConfigDirectory(config)) {
            throw new NoSuchFileException(directory.toString(), null,
                    "no providers/ or models/ directory (a Model-Proxy config directory)");
        }
        Report report = new Report();
        ManifestDraft draft = new ManifestDraft(options.includeSecretValues());
        List<Document> providers = read(config.resolve("providers"), "provider", report);
        List<Document> models = read(config.resolve("models"), "model", report);
        List<Document> audio = read(config.resolve("audio-models"), "audio model", report);
        SourceEnvironment environment = new SourceEnvironment(Map.of(), options.environment());
        convert(providers, models, audio, environment, Map.of(), draft, report);
        return ImportResult.of(draft, report, options);
    }

    /** True when {@code directory} has a {@code providers/} or {@code models/} directory. */
    public static boolean isConfigDirectory(Path directory) {
        return Files.isDirectory(directory.resolve("providers")) || Files.isDirectory(directory.resolve("models"));
    }

    private static List<Document> read(Path directory, String kind, Report report) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        List<Document> documents = new ArrayList<>();
        for (Path path : files) {
            String file = path.toString();
            String stem = path.getFileName().toString().replaceFirst("\\.json$", "");
            try {
                SourceText.jsonTree(file, Files.readString(path), report)
                        .ifPresent(node -> documents.add(new Document(file, stem, kind + " " + stem, node)));
            } catch (CharacterCodingException e) {
                report.error(file, null, null, "not UTF-8 text");
            }
        }
        return documents;
    }

    private static void convert(List<Document> providerDocuments, List<Document> modelDocuments,
            List<Document> audioDocuments, SourceEnvironment environment, Map<String, List<KeyEntry>> keys,
            ManifestDraft draft, Report report) {
        ProviderImport providerImport = new ProviderImport(draft, environment, keys);
        Map<String, ProviderImport.Imported> providers = new LinkedHashMap<>();
        for (Document document : providerDocuments) {
            SourceNode.root(document.file(), document.label(), document.node(), report)
                    .flatMap(node -> providerImport.read(node, document.fileName(), providers))
                    .ifPresent(imported -> providers.put(imported.sourceName(), imported));
        }
        keys.keySet().stream().filter(p -> !providers.containsKey(p)).forEach(p ->
                report.error(providerDocuments.isEmpty() ? null : providerDocuments.getFirst().file(), null,
                        "setup.api_keys." + p, "provider " + p + " not found"));
        Map<SourceNode, String> models = new LinkedHashMap<>();
        Set<String> names = new LinkedHashSet<>();
        for (Document document : modelDocuments) {
            SourceNode.root(document.file(), document.label(), document.node(), report).ifPresent(node -> {
                models.put(node, document.fileName());
                ModelImport.logicalName(node, document.fileName()).ifPresent(names::add);
            });
        }
        ModelImport modelImport = new ModelImport(draft, environment, providers, names);
        models.forEach(modelImport::read);
        audioDocuments.forEach(document -> report.warn(document.file(), document.label(), null, AUDIO));
    }
}
