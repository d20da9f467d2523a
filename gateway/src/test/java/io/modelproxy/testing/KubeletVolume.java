package io.modelproxy.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A ConfigMap or Secret volume laid out and updated the way the kubelet's atomic writer does it:
 * the files live in a hidden timestamped directory ({@code ..2026_11_22_05_30_00.123456789}),
 * {@code ..data} is a symlink to it, and each key is a symlink {@code <key> -> ..data/<key>}. An
 * update writes a new timestamped directory, points a new {@code ..data_tmp} symlink at it, renames
 * that over {@code ..data} in one atomic step, then deletes the old directory. A reader therefore
 * always sees one whole version, and the key files themselves never change: only {@code ..data} does.
 */
public final class KubeletVolume {
    private static final String DATA = "..data";
    private static final String DATA_TMP = "..data_tmp";
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("'..'yyyy_MM_dd_HH_mm_ss.");

    private final Path dir;

    private KubeletVolume(Path dir) {
        this.dir = dir;
    }

    /** Mounts a volume at {@code dir} (created) holding {@code files}: key -> content. */
    public static KubeletVolume mount(Path dir, Map<String, String> files) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        KubeletVolume volume = new KubeletVolume(dir);
        volume.update(files);
        return volume;
    }

    /** The mount point, e.g. {@code .../secrets/<secret>}. */
    public Path dir() {
        return dir;
    }

    /** Replaces the whole content with {@code files}, as the kubelet does after the object changed. */
    public void update(Map<String, String> files) {
        try {
            Path data = dir.resolve(DATA);
            Path old = Files.isSymbolicLink(data) ? dir.resolve(Files.readSymbolicLink(data)) : null;
            // the kubelet's MkdirTemp: the UTC time plus a random suffix, so two updates in a second differ
            Path fresh = Files.createTempDirectory(dir, TIMESTAMP.format(ZonedDateTime.now(ZoneOffset.UTC)));
            for (Map.Entry<String, String> file : new TreeMap<>(files).entrySet()) {
                Files.writeString(fresh.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
            }
            Path tmp = dir.resolve(DATA_TMP);
            Files.createSymbolicLink(tmp, fresh.getFileName());
            Files.move(tmp, data, StandardCopyOption.ATOMIC_MOVE);
            for (String key : files.keySet()) {
                Path visible = dir.resolve(key);
                if (!Files.isSymbolicLink(visible)) {
                    Files.createSymbolicLink(visible, Path.of(DATA, key));
                }
            }
            removeKeysNotIn(files.keySet());
            if (old != null) {
                deleteTree(old);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void removeKeysNotIn(Set<String> keys) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (!name.startsWith("..") && !keys.contains(name)) {
                    Files.delete(entry);
                }
            }
        }
    }

    private static void deleteTree(Path timestamped) throws IOException {
        try (Stream<Path> files = Files.list(timestamped)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(timestamped);
    }
}
