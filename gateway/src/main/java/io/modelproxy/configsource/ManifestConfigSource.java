package io.modelproxy.configsource;

import io.modelproxy.config.CompileResult;
import io.modelproxy.config.ConfigCompiler;
import io.modelproxy.config.GatewayConfig;
import io.modelproxy.config.HeldBack;
import io.modelproxy.manifest.ManifestReader;
import io.modelproxy.manifest.ManifestSet;
import io.modelproxy.manifest.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone (embedded) source: a manifest file or directory compiled in-process, with key
 * values from its Secret manifests ({@code ${VAR}} expanded from the environment). Any edit under the
 * directory triggers a recompile, object by object ({@link ConfigCompiler#accept}): an object whose edit
 * is invalid keeps its last valid form serving (or is left out when it never was valid), is logged once
 * with its file and reason, and is listed in {@code /health/detailed}; the other objects' edits are
 * served. When nothing usable would remain, the last config keeps serving whole.
 */
public final class ManifestConfigSource implements ConfigSource {
    private static final Logger log = LoggerFactory.getLogger(ManifestConfigSource.class);

    private final Path path;
    private final ManifestReader reader;
    private final String gatewayName;
    /** Warnings already logged, so an unset variable is reported once, not on every reload. */
    private final Set<String> warned = new HashSet<>();
    private final DirectoryWatch watch;
    /** The config this source accepted last: what "the last valid form" of an object is taken from. */
    private GatewayConfig previous;

    /**
     * @param path a manifest file or a directory of manifests
     * @param env the environment {@code ${VAR}} in Secret manifests expands from
     * @param gatewayName the ModelGateway to serve, or null for the only one (or defaults)
     */
    public ManifestConfigSource(Path path, Map<String, String> env, String gatewayName, Duration pollInterval) {
        this.path = path.toAbsolutePath().normalize();
        this.reader = new ManifestReader(env);
        this.gatewayName = gatewayName;
        this.watch = new DirectoryWatch(this::watchedDirectories, pollInterval);
    }

    @Override
    public synchronized ConfigSnapshot read() throws IOException {
        ManifestSet set = reader.read(path);
        CompileResult result = ConfigCompiler.accept(set, gatewayName, previous);
        result.warnings().stream().map(Problem::display).filter(warned::add).forEach(line -> log.warn("{}", line));
        List<String> heldBack = result.heldBack().stream().map(HeldBack::describe).toList();
        heldBack.stream().filter(warned::add).forEach(line -> log.warn("{}", line));
        if (result.config() == null) {
            throw new IOException(result.errors().size() + " problem(s): "
                    + result.errors().stream().map(Problem::display).collect(Collectors.joining("; ")));
        }
        if (result.keptPrevious()) {
            log.warn("nothing usable would remain; the last config keeps serving whole");
        }
        previous = result.config();
        return new ConfigSnapshot(result.config(), ref -> set.keyValue(ref.secret(), ref.key()),
                result.warnings().stream().map(Problem::display).toList(), heldBack);
    }

    @Override
    public void watch(Runnable onChange) {
        watch.start(onChange);
    }

    /** The directory and every non-hidden directory below it (WatchService is not recursive). */
    private List<Path> watchedDirectories() {
        if (!Files.isDirectory(path)) {
            return List.of(path.getParent());
        }
        try (Stream<Path> dirs = Files.walk(path)) {
            return dirs.filter(Files::isDirectory)
                    .filter(d -> !isHidden(path.relativize(d)))
                    .toList();
        } catch (IOException e) {
            return List.of(path);
        }
    }

    /** Hidden entries (a mounted volume's {@code ..data}, {@code .git}) are skipped by the reader too. */
    private static boolean isHidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String description() {
        return path.toString();
    }

    @Override
    public void close() {
        watch.close();
    }
}
