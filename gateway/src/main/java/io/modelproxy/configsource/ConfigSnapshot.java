package io.modelproxy.configsource;

import io.modelproxy.config.GatewayConfig;
import java.util.List;

/**
 * One reading of a {@link ConfigSource}.
 *
 * @param config the compiled config
 * @param keys resolves the key values the config names; blocking, called only while a reload builds its table
 * @param warnings what the source noticed but could serve around (a Secret's {@code ${VAR}} not set, a
 *     model left without a usable route), shown in {@code /health/detailed}; never key values
 * @param heldBack objects whose current version is invalid, one line each (kind, name, file, reason, and
 *     the version served instead), shown in {@code /health/detailed}
 */
public record ConfigSnapshot(GatewayConfig config, KeyResolver keys, List<String> warnings, List<String> heldBack) {
    public ConfigSnapshot {
        warnings = List.copyOf(warnings);
        heldBack = List.copyOf(heldBack);
    }

    /** A snapshot without warnings. */
    public ConfigSnapshot(GatewayConfig config, KeyResolver keys) {
        this(config, keys, List.of(), List.of());
    }
}
