package io.modelproxy.manifest;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
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
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    /** RFC 1123 subdomain, what the API server requires of metadata.name. */
    private static final Pattern OBJECT_NAME = Pattern.compile("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$");
    private static final int MAX_NAME_LENGTH = 253;
    private static final List<String> EXTENSIONS = List.of(".yaml", ".yml", ".json");
    private static final String SECRET = "Secret";

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    /** Binds as strictly as the API server validates: unknown fields and wrong scalar types fail. */
    private static final ObjectMapper BINDER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfig(LogicalType.Textual, text -> text
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    private final Map<String, String> env;

    /** A reader that expands {@code ${VAR}} in Secrets from this process's environment. */
    public ManifestReader() {
        this(System.getenv());
    }

    /** A reader that expands {@code ${VAR}} in Secret {@code stringData} values from {@code env}. */
    public ManifestReader(Map<String, String> env) {
        this.env = Map.copyOf(env);
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
        Batch batch = new Batch();
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

    private void readFile(Path path, Batch batch) {
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
        List<Document> documents = json ? List.of(new Document(1, 1, content)) : Document.split(content);
        for (Document document : documents) {
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

    private void readObject(String file, Document document, JsonNode node, Batch batch) {
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
                case Provider.KIND -> bind(file, document, object, Provider.class, batch)
                        .ifPresent(p -> batch.providers.add(new Manifest<>(file, p)));
                case LogicalModel.KIND -> bind(file, document, object, LogicalModel.class, batch)
                        .ifPresent(m -> batch.logicalModels.add(new Manifest<>(file, m)));
                case ModelGateway.KIND -> bind(file, document, object, ModelGateway.class, batch)
                        .ifPresent(g -> batch.gateways.add(new Manifest<>(file, g)));
                default -> batch.problems.add(Problem.error(Reason.UnknownKind, file, kind, name, "kind",
                        "unknown kind " + kind + " in " + ApiGroup.API_VERSION
                                + " (expected Provider, LogicalModel or ModelGateway)"));
            }
        } else if (apiVersion.equals("v1") && kind.equals(SECRET)) {
            bind(file, document, object, Secret.class, batch).ifPresent(secret -> batch.secrets.add(expand(file, secret, batch)));
        } else {
            batch.skipped++;
        }
    }

    private static boolean isKustomization(String file) {
        String name = Path.of(file).getFileName().toString();
        return name.equals("kustomization.yaml") || name.equals("kustomization.yml") || name.equals("Kustomization");
    }

    private static <T extends HasMetadata> Optional<T> bind(
            String file, Document document, ObjectNode object, Class<T> type, Batch batch) {
        String kind = object.path("kind").textValue();
        String name = object.path("metadata").path("name").textValue();
        if (name == null || name.isEmpty()) {
            batch.problems.add(Problem.error(Reason.InvalidField, file, kind, null, "metadata.name",
                    "required (a string), but missing in " + document.where()));
            return Optional.empty();
        }
        if (name.length() > MAX_NAME_LENGTH || !OBJECT_NAME.matcher(name).matches()) {
            batch.problems.add(Problem.error(Reason.InvalidField, file, kind, name, "metadata.name",
                    "must be lowercase letters, digits, '-' and '.', starting and ending with a letter or digit"));
            return Optional.empty();
        }
        try {
            return Optional.of(BINDER.treeToValue(object, type));
        } catch (JacksonException e) {
            batch.problems.add(bindingProblem(file, kind, name, e));
            return Optional.empty();
        }
    }

    /** One line saying which field does not fit and why; never the field's value (it may be a key). */
    private static Problem bindingProblem(String file, String kind, String name, JacksonException e) {
        String field = e instanceof JsonMappingException mapping ? path(mapping.getPath()) : null;
        if (e instanceof UnrecognizedPropertyException unknown) {
            String known = unknown.getKnownPropertyIds() == null ? "" : unknown.getKnownPropertyIds().stream()
                    .map(String::valueOf).sorted().collect(Collectors.joining(", ", " (known fields: ", ")"));
            return Problem.error(Reason.InvalidField, file, kind, name, field, "unknown field" + known);
        }
        if (e instanceof InvalidFormatException format && format.getTargetType() != null
                && format.getTargetType().isEnum()) {
            String allowed = Arrays.stream(format.getTargetType().getEnumConstants())
                    .map(String::valueOf).collect(Collectors.joining(", "));
            return Problem.error(Reason.InvalidField, file, kind, name, field,
                    "must be one of " + allowed + ", got \"" + format.getValue() + "\"");
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return Problem.error(Reason.InvalidManifest, file, kind, name, field,
                    "expected " + describe(mismatch.getTargetType()));
        }
        return Problem.error(Reason.InvalidManifest, file, kind, name, field,
                "does not fit the " + kind + " type: " + firstLine(e.getOriginalMessage()));
    }

    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? null : path.toString();
    }

    private static String describe(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return "a mapping";
    }

    /**
     * The parser's own words without its source excerpt: SnakeYAML indents the excerpt lines, and they
     * must not be echoed, since the line may hold a key.
     */
    private static String parseMessage(JacksonException e, Document document) {
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

    private static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "unreadable";
        }
        return message.strip().lines().findFirst().orElse("").strip();
    }

    /**
     * The Secret's values: {@code data} decoded, then {@code stringData} with {@code ${VAR}} expanded.
     * A value whose variable is unset leaves its key out, so a provider runs with the keys that are set.
     */
    private SecretManifest expand(String file, Secret secret, Batch batch) {
        String name = secret.getMetadata().getName();
        SortedMap<String, String> values = new TreeMap<>();
        SortedMap<String, String> unset = new TreeMap<>();
        if (secret.getData() != null) {
            new TreeMap<>(secret.getData()).forEach((key, base64) -> {
                try {
                    values.put(key, SecretManifest.decode(base64));
                } catch (IllegalArgumentException e) {
                    batch.problems.add(Problem.error(Reason.InvalidField, file, SECRET, name, "data." + key,
                            "not valid base64 (use stringData for plain text)"));
                }
            });
        }
        if (secret.getStringData() != null) {
            new TreeMap<>(secret.getStringData()).forEach((key, value) -> {
                List<String> missing = new ArrayList<>();
                Matcher matcher = VARIABLE.matcher(value == null ? "" : value);
                String expanded = matcher.replaceAll(match -> {
                    String set = env.get(match.group(1));
                    if (set == null || set.isEmpty()) {
                        missing.add(match.group(1));
                        return "";
                    }
                    return Matcher.quoteReplacement(set);
                });
                if (missing.isEmpty()) {
                    values.put(key, expanded);
                } else {
                    values.remove(key);
                    unset.put(key, missing.getFirst());
                    String variables = missing.stream().map(v -> "${" + v + "}").collect(Collectors.joining(", "));
                    batch.problems.add(Problem.warning(Reason.UnsetVariable, file, SECRET, name, "stringData." + key,
                            variables + (missing.size() == 1 ? " is" : " are") + " not set; key " + key
                                    + " is left out"));
                }
            });
        }
        return new SecretManifest(file, name, values, unset);
    }

    /** One YAML document of a file: its number (1-based, counting documents with content) and first line. */
    private record Document(int number, int line, String text) {
        private static final Pattern MARKER = Pattern.compile("^(---|\\.\\.\\.)(?:[ \\t](.*))?$");

        /**
         * Splits on {@code ---} and {@code ...} lines, as kubectl does, so a malformed document does not hide
         * the ones after it and every problem can say which document it is in.
         */
        static List<Document> split(String content) {
            List<Document> documents = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            int start = 1;
            int lineNumber = 0;
            for (String line : content.split("\\R", -1)) {
                lineNumber++;
                Matcher marker = MARKER.matcher(line);
                if (marker.matches()) {
                    add(documents, start, text.toString());
                    text.setLength(0);
                    start = lineNumber;
                    text.append(marker.group(1).equals("---") && marker.group(2) != null ? marker.group(2) : "");
                    text.append('\n');
                } else {
                    text.append(line).append('\n');
                }
            }
            add(documents, start, text.toString());
            return documents;
        }

        private static void add(List<Document> documents, int start, String text) {
            boolean hasContent = text.lines().map(String::strip).anyMatch(l -> !l.isEmpty() && !l.startsWith("#"));
            if (hasContent) {
                documents.add(new Document(documents.size() + 1, start, text));
            }
        }

        String where() {
            return "document " + number + " (line " + line + ")";
        }
    }

    /** What one read call has found so far. */
    private static final class Batch {
        final List<Manifest<Provider>> providers = new ArrayList<>();
        final List<Manifest<LogicalModel>> logicalModels = new ArrayList<>();
        final List<Manifest<ModelGateway>> gateways = new ArrayList<>();
        final List<SecretManifest> secrets = new ArrayList<>();
        final List<Problem> problems = new ArrayList<>();
        int skipped;

        ManifestSet toSet() {
            return new ManifestSet(providers, logicalModels, gateways, secrets, skipped, problems);
        }
    }
}
