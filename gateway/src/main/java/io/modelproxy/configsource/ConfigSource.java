package io.modelproxy.configsource;

import io.modelproxy.config.GatewayConfig;
import io.modelproxy.config.KeyRef;
import java.io.IOException;
import java.util.Map;

/**
 * Where a gateway's configuration comes from: a {@link GatewayConfig} and the values of the keys it
 * names, plus a signal when either may have changed. The gateway calls {@link #read()} on a blocking
 * thread, compares the snapshot with the one it serves and swaps in a new routing table when they
 * differ, so implementations may signal spuriously.
 *
 * <p>Implementations: {@link FileConfigSource} (a GatewayConfig JSON file and a Kubernetes-style
 * secrets directory) and {@link #of(GatewayConfig, Map)} (a fixed config, for tests and benchmarks).
 */
public interface ConfigSource extends AutoCloseable {

    /** Reads the current config. Blocking; never called on an event loop. */
    ConfigSnapshot read() throws IOException;

    /**
     * Starts calling {@code onChange} (from any thread) whenever the config or a key may have changed.
     * Called at most once; {@link #close()} stops it.
     */
    void watch(Runnable onChange);

    /** Where the config is read from, for logs and {@code /health/detailed}. */
    String description();

    /** Stops watching. */
    @Override
    default void close() {}

    /** A source that always yields the same config and key values and never changes. */
    static ConfigSource of(GatewayConfig config, Map<KeyRef, String> keys) {
        return new FixedConfigSource(config, keys);
    }
}
