package io.modelproxy.bench;

import java.net.URI;
import java.util.OptionalLong;

/**
 * Something to send load to.
 *
 * @param name {@code direct}, {@code nginx}, {@code gateway}, …
 * @param uri scheme, host and port; loopback only
 * @param pid the proxy process whose CPU time is measured; empty for the upstream itself
 */
public record Target(String name, URI uri, OptionalLong pid) {
    public Target {
        if (!"http".equals(uri.getScheme()) || !Loopback.is(uri.getHost()) || uri.getPort() < 1) {
            throw new IllegalArgumentException(name + ": " + uri + " is not http://127.0.0.1:PORT (traffic stays on loopback)");
        }
    }

    /**
     * Parses {@code NAME=http://127.0.0.1:PORT} with an optional {@code ,pid=PID}.
     *
     * @throws IllegalArgumentException with what is wrong
     */
    public static Target parse(String spec) {
        int eq = spec.indexOf('=');
        if (eq < 1) {
            throw new IllegalArgumentException("target '" + spec + "': expected NAME=http://127.0.0.1:PORT[,pid=PID]");
        }
        String name = spec.substring(0, eq);
        String[] parts = spec.substring(eq + 1).split(",");
        OptionalLong pid = OptionalLong.empty();
        for (int i = 1; i < parts.length; i++) {
            if (!parts[i].startsWith("pid=")) {
                throw new IllegalArgumentException("target '" + spec + "': unknown part '" + parts[i] + "'");
            }
            try {
                pid = OptionalLong.of(Long.parseLong(parts[i].substring(4)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("target '" + spec + "': pid is not a number");
            }
        }
        try {
            return new Target(name, URI.create(parts[0]), pid);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("target '" + spec + "': " + e.getMessage());
        }
    }
}
