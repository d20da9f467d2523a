package io.modelproxy.admin.directory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.admin.store.EditCheck;
import io.modelproxy.admin.store.EditRefused;
import io.modelproxy.admin.store.KeyFingerprint;
import io.modelproxy.admin.store.ManifestShape;
import io.modelproxy.admin.store.ManifestStore;
import io.modelproxy.admin.store.ObjectKind;
import io.modelproxy.admin.store.Precondition;
import io.modelproxy.admin.store.StoredObject;
import io.modelproxy.api.ApiGroup;
import io.modelproxy.manifest.ManifestReader;
import io.modelproxy.manifest.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The manifests of one directory, as {@code model-proxy serve --manifests DIR} reads them.
 *
 * <p>A write replaces the text of one document and leaves the rest of its file as it was, then lands
 * atomically: the new file is written next to the old one under a hidden name (which the manifest reader
 * skips) and renamed over it, so the gateway's watch never reads half a file. Before that the whole
 * directory, as the write would leave it, is compiled in a scratch copy; an edit that adds an error is
 * refused and nothing is written. Writes are serialized within this process; a file changed by someone
 * else since it was read shows up as a new version, and a write with the old one gets 409.
 */
public final class DirectoryStore implements ManifestStore {
    private static final String SECRET = "Secret";
    private static final String SECRETS_FILE = "secrets.yaml";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path root;
    private final Map<String, String> env;
    private final ManifestReader reader;
    private final EditCheck check = new EditCheck(problem -> false);
    private final Object writeLock = new Object();

    /**
     * @param root the manifest directory
     * @param env what {@code ${VAR}} in Secrets expands to: the gateway's own environment
     */
    public DirectoryStore(Path root, Map<String, String> env) {
        this.root = root.toAbsolutePath().normalize();
        this.env = Map.copyOf(env);
        this.reader = new ManifestReader(env);
    }

    @Override
    public String mode() {
        return "directory";
    }

    @Override
    public String location() {
        return root.toString();
    }

    @Override
    public List<StoredObject> list(ObjectKind kind) {
        return scan().values().stream()
                .flatMap(file -> file.entries().stream())
                .filter(entry -> isKind(entry, kind))
                .map(entry -> stored(kind, entry))
                .toList();
    }

    @Override
    public Optional<StoredObject> get(ObjectKind kind, String name) {
        return find(scan(), kind.kind(), ApiGroup.API_VERSION, name).map(entry -> stored(kind, entry));
    }

    @Override
    public Written put(ObjectKind kind, String name, JsonNode manifest, Precondition precondition, boolean dryRun) {
        ObjectNode shaped = ManifestShape.normalize(kind, name, manifest);
        synchronized (writeLock) {
            Map<String, ManifestFile> files = scan();
            Optional<ManifestFile.Entry> existing = find(files, kind.kind(), ApiGroup.API_VERSION, name);
            precondition.check(kind, name, existing.map(ManifestFile.Entry::version).orElse(null));
            if (existing.isPresent() && ManifestShape.normalize(kind, name, existing.get().node()).equals(shaped)) {
                StoredObject same = stored(kind, existing.get());
                return new Written(same, ManifestShape.yaml(shaped), warnings(), false);
            }
            String relative = existing.map(ManifestFile.Entry::relative).orElse(kind.defaultFile());
            String text = existing.isPresent()
                    ? files.get(relative).replaced(existing.get().segment(), shaped)
                    : ManifestFile.appended(currentText(files, relative), shaped);
            List<Problem> warnings = verify(files, relative, text);
            StoredObject written;
            if (dryRun) {
                written = new StoredObject(kind, name, existing.map(ManifestFile.Entry::version).orElse(""),
                        shaped, relative, null);
            } else {
                write(relative, text, false);
                written = get(kind, name).orElseThrow();
            }
            return new Written(written, ManifestShape.yaml(shaped), warnings, true);
        }
    }

    @Override
    public void delete(ObjectKind kind, String name, Precondition precondition) {
        synchronized (writeLock) {
            Map<String, ManifestFile> files = scan();
            ManifestFile.Entry entry = find(files, kind.kind(), ApiGroup.API_VERSION, name)
                    .orElseThrow(() -> EditRefused.notFound(kind.kind() + " " + name + " not found"));
            precondition.check(kind, name, entry.version());
            String text = files.get(entry.relative()).removed(entry.segment());
            verify(files, entry.relative(), text);
            write(entry.relative(), text, false);
        }
    }

    @Override
    public String setKey(String secret, String key, String value) {
        synchronized (writeLock) {
            Map<String, ManifestFile> files = scan();
            Optional<ManifestFile.Entry> existing = find(files, SECRET, "v1", secret);
            String relative = existing.map(ManifestFile.Entry::relative).orElse(SECRETS_FILE);
            ObjectNode node = existing.map(e -> e.node().deepCopy()).orElseGet(() -> newSecret(secret));
            node.withObject("stringData").put(key, value);
            if (node.path("data").isObject()) {
                ((ObjectNode) node.get("data")).remove(key);
            }
            String text = existing.isPresent()
                    ? files.get(relative).replaced(existing.get().segment(), node)
                    : ManifestFile.appended(currentText(files, relative), node);
            verify(files, relative, text);
            write(relative, text, true);
            return KeyFingerprint.of(value);
        }
    }

    @Override
    public Map<String, Map<String, String>> keyDigests() {
        Map<String, Map<String, String>> digests = new TreeMap<>();
        for (var secret : read(root).secrets()) {
            Map<String, String> keys = digests.computeIfAbsent(secret.name(), name -> new TreeMap<>());
            secret.values().forEach((key, value) -> keys.put(key, KeyFingerprint.of(value)));
        }
        return digests;
    }

    @Override
    public List<Problem> problems() {
        return relativize(check.problems(read(root)), root);
    }

    @Override
    public io.modelproxy.manifest.ManifestSet manifests() {
        try {
            return new ManifestReader(Map.of()).read(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Optional<Map<String, String>> variables() {
        return Optional.of(env);
    }

    private List<Problem> warnings() {
        return problems().stream().filter(problem -> !problem.isError()).toList();
    }

    private static ObjectNode newSecret(String name) {
        ObjectNode node = ManifestShape.JSON.createObjectNode();
        node.put("apiVersion", "v1");
        node.put("kind", SECRET);
        node.putObject("metadata").put("name", name);
        return node;
    }

    private static boolean isKind(ManifestFile.Entry entry, ObjectKind kind) {
        return entry.kind().equals(kind.kind()) && entry.apiVersion().equals(ApiGroup.API_VERSION);
    }

    private static Optional<ManifestFile.Entry> find(Map<String, ManifestFile> files, String kind, String apiVersion,
            String name) {
        return files.values().stream()
                .flatMap(file -> file.entries().stream())
                .filter(e -> e.kind().equals(kind) && e.apiVersion().equals(apiVersion) && e.name().equals(name))
                .findFirst();
    }

    private static StoredObject stored(ObjectKind kind, ManifestFile.Entry entry) {
        return new StoredObject(kind, entry.name(), entry.version(), entry.node(), entry.relative(), null);
    }

    private String currentText(Map<String, ManifestFile> files, String relative) {
        if (!files.containsKey(relative)) {
            return "";
        }
        try {
            return Files.readString(root.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Compiles the directory as the write would leave it, in a scratch copy.
     *
     * @return the warnings after the write
     * @throws EditRefused 400 when the write adds an error
     */
    private List<Problem> verify(Map<String, ManifestFile> files, String changed, String text) {
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("model-proxy-admin-check");
            for (String relative : files.keySet()) {
                if (!relative.equals(changed)) {
                    Path copy = scratch.resolve(relative);
                    Files.createDirectories(copy.getParent());
                    Files.copy(root.resolve(relative), copy);
                }
            }
            Path edited = scratch.resolve(changed);
            Files.createDirectories(edited.getParent());
            Files.writeString(edited, text);
            List<Problem> before = problems();
            List<Problem> after = relativize(check.problems(read(scratch)), scratch);
            return EditCheck.check(before, after);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (scratch != null) {
                deleteTree(scratch);
            }
        }
    }

    private io.modelproxy.manifest.ManifestSet read(Path dir) {
        try {
            return reader.read(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Problems name files relative to the directory, so a scratch copy's problems compare equal. */
    private static List<Problem> relativize(List<Problem> problems, Path dir) {
        String prefix = dir + java.io.File.separator;
        return problems.stream()
                .map(p -> new Problem(p.severity(), p.reason(),
                        p.file() == null ? null : p.file().replace(prefix, ""), p.kind(), p.name(), p.field(),
                        p.message().replace(prefix, "")))
                .toList();
    }

    /**
     * Writes a file atomically: a hidden temp file in the same directory, renamed over the target.
     * A file that is a symlink (a mounted ConfigMap) is written where it points.
     */
    private void write(String relative, String text, boolean holdsKeys) {
        try {
            Path target = root.resolve(relative);
            if (Files.isSymbolicLink(target)) {
                target = target.toRealPath();
            }
            Files.createDirectories(target.getParent());
            if (text.isBlank() && Files.exists(target)) {
                Files.delete(target);
                return;
            }
            Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
            try {
                Files.writeString(temp, text);
                copyPermissions(target, temp, holdsKeys);
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (FileAlreadyExistsException e) {
            throw EditRefused.conflict("cannot write " + relative + ": " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + relative, e);
        }
    }

    /** The new file keeps the old one's mode; a new file holding keys is readable by its owner only. */
    private static void copyPermissions(Path target, Path temp, boolean holdsKeys) throws IOException {
        if (Files.getFileAttributeView(temp, PosixFileAttributeView.class) == null) {
            return;
        }
        if (Files.exists(target)) {
            Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(target));
        } else if (holdsKeys) {
            Files.setPosixFilePermissions(temp, OWNER_ONLY);
        }
    }

    /** Every manifest file the reader reads, by relative path. */
    private Map<String, ManifestFile> scan() {
        Map<String, ManifestFile> files = new LinkedHashMap<>();
        if (!Files.isDirectory(root)) {
            throw EditRefused.notFound("the manifest directory " + root + " does not exist");
        }
        try {
            for (Path path : ManifestReader.files(root)) {
                String relative = root.relativize(path).toString().replace('\\', '/');
                files.put(relative, ManifestFile.parse(relative, Files.readString(path)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a scratch copy left in the temp directory is harmless; the check's answer stands
        }
    }
}
