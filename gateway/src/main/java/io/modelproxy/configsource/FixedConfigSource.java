package io.modelproxy.configsource;

import io.modelproxy.config.ConfigFile;
import io.modelproxy.config.GatewayConfig;
import java.io.IOException;
import io.modelproxy.config.KeyRef;
import java.util.Map;
import java.util.Optional;

/** A config held in memory; it never changes, so watching does nothing. */
final class FixedConfigSource implements ConfigSource {
    private final GatewayConfig config;
    private final Map<KeyRef, String> keys;

    FixedConfigSource(GatewayConfig config, Map<KeyRef, String> keys) {
        this.config = config;
        this.keys = Map.copyOf(keys);
    }

    @Override
    public ConfigSnapshot read() throws IOException {
        // built in code rather than compiled: the same defaults as a hand-written file
        return new ConfigSnapshot(ConfigFile.complete(config), ref -> Optional.ofNullable(keys.get(ref)));
    }

    @Override
    public void watch(Runnable onChange) {}

    @Override
    public String description() {
        return "in-memory config";
    }
}
