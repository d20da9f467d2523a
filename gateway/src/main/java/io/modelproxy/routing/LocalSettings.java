package io.modelproxy.routing;

import java.util.List;

/**
 * Settings of this gateway process rather than of the config (CLI options and environment), applied
 * to every config it loads.
 *
 * @param clientApiKey an extra client key ({@code CLIENT_API_KEY}), or null
 * @param corsOrigins extra CORS origins ({@code CORS_ORIGINS})
 * @param defaultContextWindow {@code DEFAULT_CONTEXT_WINDOW}, or null; a config's own non-default value wins
 * @param loopbackOnly whether the server listens on loopback only; otherwise a config must require client keys
 */
public record LocalSettings(String clientApiKey, List<String> corsOrigins, Integer defaultContextWindow, boolean loopbackOnly) {
    public LocalSettings {
        corsOrigins = corsOrigins == null ? List.of() : List.copyOf(corsOrigins);
    }
}
