package io.modelproxy.configsource;

import io.modelproxy.config.GatewayConfig;

/**
 * One reading of a {@link ConfigSource}.
 *
 * @param config the compiled config
 * @param keys resolves the key values the config names; blocking, called only while a reload builds its table
 */
public record ConfigSnapshot(GatewayConfig config, KeyResolver keys) {}
