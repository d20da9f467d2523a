package io.modelproxy.configsource;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls back when anything in a set of directories changes, and at least once per poll interval
 * (file systems such as some network or overlay mounts deliver no events). Runs on one daemon thread,
 * so callbacks are serial and never on an event loop.
 */
final class DirectoryWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DirectoryWatch.class);
    /** Events arrive in bursts (a symlink swap is several); wait this long for the burst to end. */
    private static final long SETTLE_MILLIS = 50;
    private static final Duration MIN_POLL = Duration.ofMillis(100);

    private final Supplier<List<Path>> directories;
    private final Duration pollInterval;
    private final Set<Path> registered = new HashSet<>();
    private Runnable onChange;
    private Thread thread;
    private WatchService service;
    private volatile boolean closed;

    /** @param directories the directories to watch, asked again each round (new ones appear, e.g. a new Secret) */
    DirectoryWatch(Supplier<List<Path>> directories, Duration pollInterval) {
        this.directories = directories;
        this.pollInterval = pollInterval.compareTo(MIN_POLL) < 0 ? MIN_POLL : pollInterval;
    }

    /** Starts calling {@code onChange}; later calls, and calls after {@link #close()}, do nothing. */
    synchronized void start(Runnable onChange) {
        if (thread != null || closed) {
            return;
        }
        this.onChange = onChange;
        try {
            service = FileSystems.getDefault().newWatchService();
        } catch (IOException e) {
            log.warn("file-system events unavailable ({}); polling every {} s", e.getMessage(), pollInterval.toSeconds());
        }
        thread = Thread.ofPlatform().daemon().name("model-proxy-config-watch").unstarted(this::run);
        thread.start();
    }

    private void run() {
        // a change between the gateway's first read and the first registration sends no event we could see:
        // the first round re-reads as if one had arrived
        boolean first = true;
        while (!closed) {
            try {
                boolean event;
                if (service == null) {
                    Thread.sleep(pollInterval.toMillis());
                    event = false;
                } else {
                    registerNewDirectories();
                    event = first || awaitEvent();
                    first = false;
                }
                if (!closed) {
                    if (event) {
                        Thread.sleep(SETTLE_MILLIS);
                        drain();
                    }
                    onChange.run();
                }
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("config watch callback failed: {}", e.toString());
            }
        }
    }

    private boolean awaitEvent() throws InterruptedException {
        WatchKey key = service.poll(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        if (key == null) {
            return false;
        }
        key.pollEvents();
        if (!key.reset()) {
            registered.remove((Path) key.watchable());
        }
        return true;
    }

    private void drain() {
        WatchKey key;
        while ((key = service.poll()) != null) {
            key.pollEvents();
            if (!key.reset()) {
                registered.remove((Path) key.watchable());
            }
        }
    }

    private void registerNewDirectories() {
        for (Path dir : directories.get()) {
            if (registered.contains(dir)) {
                continue;
            }
            try {
                dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
                registered.add(dir);
            } catch (IOException e) {
                // not there yet: retried on the next round, and the poll covers it meanwhile
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
        }
        if (service != null) {
            try {
                service.close();
            } catch (IOException e) {
                log.debug("closing the watch service: {}", e.toString());
            }
        }
    }
}
