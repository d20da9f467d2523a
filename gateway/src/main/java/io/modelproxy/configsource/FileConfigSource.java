package io.modelproxy.configsource;

import io.modelproxy.config.ConfigFile;
import io.modelproxy.config.GatewayConfig;
import io.modelproxy.config.KeyRef;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A GatewayConfig JSON file (what the operator writes into a ConfigMap) and a secrets directory laid
 * out the way Kubernetes mounts Secrets: the value of key {@code k} of Secret {@code s} is the file
 * {@code DIR/s/k}.
 *
 * <p>Kubernetes updates a mounted ConfigMap or Secret by swapping a {@code ..data} symlink inside
 * the mounted directory, so the directories are watched, not the files, and any event triggers a
 * re-read; a slow poll covers file systems whose events never arrive.
 */
public final class FileConfigSource implements ConfigSource {
    /** Secret and key names as Kubernetes allows them; anything else (a path, "..") is never read. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][-._A-Za-z0-9]*");

    private final Path configFile;
    private final Path secretsDir;
    private final DirectoryWatch watch;

    /**
     * @param configFile the GatewayConfig JSON file
     * @param secretsDir the mounted secrets directory, or null when no key is read from files
     * @param pollInterval how often to re-read even without a file-system event
     */
    public FileConfigSource(Path configFile, Path secretsDir, Duration pollInterval) {
        this.configFile = configFile.toAbsolutePath();
        this.secretsDir = secretsDir == null ? null : secretsDir.toAbsolutePath();
        this.watch = new DirectoryWatch(this::watchedDirectories, pollInterval);
    }

    @Override
    public ConfigSnapshot read() throws IOException {
        GatewayConfig config;
        try (InputStream in = Files.newInputStream(configFile)) {
            config = ConfigFile.read(in);
        } catch (NoSuchFileException e) {
            throw new IOException("config file " + configFile + " does not exist", e);
        }
        return new ConfigSnapshot(config, this::readKey);
    }

    private Optional<String> readKey(KeyRef ref) {
        if (secretsDir == null || ref.secret() == null || ref.key() == null
                || !NAME.matcher(ref.secret()).matches() || !NAME.matcher(ref.key()).matches()
                || ref.secret().startsWith("..") || ref.key().startsWith("..")) {
            return Optional.empty();
        }
        Path file = secretsDir.resolve(ref.secret()).resolve(ref.key());
        try {
            String value = Files.readString(file, StandardCharsets.UTF_8).strip();
            return value.isEmpty() ? Optional.empty() : Optional.of(value);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public void watch(Runnable onChange) {
        watch.start(onChange);
    }

    /** The config file's directory, the secrets directory and each Secret's directory in it. */
    private List<Path> watchedDirectories() {
        List<Path> dirs = new ArrayList<>();
        dirs.add(configFile.getParent());
        if (secretsDir != null && Files.isDirectory(secretsDir)) {
            dirs.add(secretsDir);
            try (Stream<Path> children = Files.list(secretsDir)) {
                children.filter(Files::isDirectory)
                        .filter(p -> !p.getFileName().toString().startsWith(".."))
                        .forEach(dirs::add);
            } catch (IOException e) {
                // the poll fallback still notices changes in directories we could not list
            }
        }
        return dirs;
    }

    @Override
    public String description() {
        return configFile + (secretsDir == null ? "" : " (keys from " + secretsDir + ")");
    }

    @Override
    public void close() {
        watch.close();
    }
}
