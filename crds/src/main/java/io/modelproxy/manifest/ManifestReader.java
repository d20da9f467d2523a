package io.modelproxy.manifest;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Secret;
import io.modelproxy.api.ApiGroup;
import io.modelproxy.api.LogicalModel;
import io.modelproxy.api.ModelGateway;
import io.modelproxy.api.Provider;
import io.modelproxy.manifest.Problem.Reason;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads manifests from a file or a directory into a {@link ManifestSet}: Provider, LogicalModel and
 * ModelGateway ({@code modelproxy.io/v1alpha1}) and v1 Secrets, from multi-document YAML or JSON.
 *
 * <p>A directory is read recursively in sorted path order, {@code .yaml}, {@code .yml} and {@code .json}
 * files only. Hidden entries are skipped: a ConfigMap or Secret mounted by the kubelet holds its real files
 * under {@code ..data} and {@code ..2026_...} and exposes them through top-level symlinks, which are
 * followed, so each file is read once. Symlinked directories are not followed.
 *
 * <p>Nothing here throws for bad content: every bad document becomes a {@link Problem} naming its file,
 * and reading goes on with the next document. Objects of other API groups are counted and skipped.
 */
public final class ManifestReader {
    private static final List<String> EXTENSIONS = List.of(".yaml", ".yml", ".json");
    static final String SECRET = "Secret";

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final SecretExpander secrets;

    /** A reader that expands {@code ${VAR}} in Secrets from this process's environment. */
    public ManifestReader() {
        this(System.getenv());
    }

    /** A reader that expands {@code ${VAR}} in Secret {@code stringData} values from {@code env}. */
    public ManifestReader(Map<String, String> env) {
        this.secrets = new SecretExpander(env);
    }

    /**
     * Reads one manifest file or every manifest file under a directory.
     *
     * @throws NoSuchFileException if {@code path} does not exist
     * @throws IOException if a directory cannot be listed (a file that cannot be read is a problem instead)
     */
    public ManifestSet read(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString(), null, "no such file or directory");
        }
        ManifestBatch batch = new ManifestBatch();
        for (Path file : files(path)) {
            readFile(file, batch);
        }
        return batch.toSet();
    }

    /**
     * The files {@link #read} reads, in its order: {@code path} itself, or every manifest file under the
     * directory (the rules in the class comment). The admin's directory store edits exactly these.
     */
    public static List<Path> files(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        List<Path> found = new ArrayList<>();
        collect(path, found);
        found.sort(Comparator.comparing(file -> path.relativize(file).toString().replace('\\', '/')));
        return found;
    }

    private static void collect(Path dir, List<Path> found) throws IOException {
        List<Path> entries;
        try (Stream<Path> listing = Files.list(dir)) {
            entries = listing.toList();
        }
        for (Path entry : entries) {
            String name = entry.getFileName().toString();
            if (name.startsWith(".")) {
                continue;
            }
            if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                collect(entry, found);
            } else if (Files.isRegularFile(entry) && hasManifestExtension(name)) {
                found.add(entry);
            }
        }
    }

    private static boolean hasManifestExtension(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(lower::endsWith);
    }

    private void readFile(Path path, ManifestBatch batch) {
        String file = path.toString();
        String content;
        try {
            content = Files.readString(path);
        } catch (CharacterCodingException e) {
            batch.problems.add(Problem.error(Reason.InvalidManifest, file, null, null, null, "not UTF-8 text"));
            return;
        } catch (IOException e) {
            batch.problems.add(Problem.error(Reason.InvalidManifest, file, null, null, null,
                    "cannot be read: " + e.getMessage()));
            return;
        }
        boolean json = file.toLowerCase(Locale.ROOT).endsWith(".json");
        List<ManifestDocument> documents = json ? List.of(new ManifestDocument(1, 1, content)) : ManifestDocument.split(content);
        for (ManifestDocument document : documents) {
            JsonNode root;
            try {
                root = (json ? JSON : YAML).readTree(document.text());
            } catch (JacksonException e) {
                batch.problems.add(Problem.error(Reason.InvalidManifest, file, null, null, document.where(),
                        "malformed " + (json ? "JSON" : "YAML") + ": " + parseMessage(e, document)));
                continue;
            }
            if (root != null && !root.isNull() && !root.isMissingNode()) {
                readObject(file, document, root, batch);
            }
        }
    }

    private void readObject(String file, ManifestDocument document, JsonNode node, ManifestBatch batch) {
        if (!(node instanceof ObjectNode object)) {
            batch.problems.add(Problem.error(Reason.InvalidManifest, file, null, null, document.where(),
                    "expected a Kubernetes object (a mapping with apiVersion, kind and metadata), found "
                            + node.getNodeType().name().toLowerCase(Locale.ROOT)));
            return;
        }
        String apiVersion = object.path("apiVersion").textValue();
        String kind = object.path("kind").textValue();
        if (apiVersion == null || kind == null) {
            if (isKustomization(file)) {
                batch.skipped++;  // kustomize's own file often has no apiVersion; it is not ours either way
            } else {
                batch.problems.add(Problem.error(Reason.InvalidManifest, file, kind, null, document.where(),
                        "not a Kubernetes object: apiVersion and kind are required"));
            }
            return;
        }
        if (apiVersion.equals("v1") && kind.equals("List")) {
            object.path("items").forEach(item -> readObject(file, document, item, batch));
            return;
        }
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String name = object.path("metadata").path("name").textValue();
        if (group.equals(ApiGroup.GROUP)) {
            if (!apiVersion.equals(ApiGroup.API_VERSION)) {
                batch.problems.add(Problem.error(Reason.UnsupportedVersion, file, kind, name, "apiVersion",
                        apiVersion + " is not supported; this version of Model Proxy reads " + ApiGroup.API_VERSION));
                return;
            }
            switch (kind) {
                case Provider.KIND -> StrictBinder.bind(file, document, object, Provider.class, batch)
                        .ifPresent(p -> batch.providers.add(new Manifest<>(file, p)));
                case LogicalModel.KIND -> StrictBinder.bind(file, document, object, LogicalModel.class, batch)
                        .ifPresent(m -> batch.logicalModels.add(new Manifest<>(file, m)));
                case ModelGateway.KIND -> StrictBinder.bind(file, document, object, ModelGateway.class, batch)
                        .ifPresent(g -> batch.gateways.add(new Manifest<>(file, g)));
                default -> batch.problems.add(Problem.error(Reason.UnknownKind, file, kind, name, "kind",
                        "unknown kind " + kind + " in " + ApiGroup.API_VERSION
                                + " (expected Provider, LogicalModel or ModelGateway)"));
            }
        } else if (apiVersion.equals("v1") && kind.equals(SECRET)) {
            StrictBinder.bind(file, document, object, Secret.class, batch).ifPresent(secret -> batch.secrets.add(secrets.expand(file, secret, batch)));
        } else {
            batch.skipped++;
        }
    }

    private static boolean isKustomization(String file) {
        String name = Path.of(file).getFileName().toString();
        return name.equals("kustomization.yaml") || name.equals("kustomization.yml") || name.equals("Kustomization");
    }

    /**
     * The parser's own words without its source excerpt: SnakeYAML indents the excerpt lines, and they
     * must not be echoed, since the line may hold a key.
     */
    private static String parseMessage(JacksonException e, ManifestDocument document) {
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        String message = original.lines()
                .filter(line -> !line.isBlank() && !Character.isWhitespace(line.charAt(0)))
                .collect(Collectors.joining(": "));
        if (message.isEmpty()) {
            message = "unreadable";
        }
        if (e.getLocation() != null && e.getLocation().getLineNr() > 0) {
            message += " (line " + (document.line() + e.getLocation().getLineNr() - 1) + ")";
        }
        return message;
    }


}
