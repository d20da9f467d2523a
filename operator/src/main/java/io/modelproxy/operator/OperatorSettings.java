package io.modelproxy.operator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How the operator runs, read from the environment.
 *
 * @param watchNamespaces namespaces to watch; empty watches all of them
 * @param gatewayImage image of the gateway pods when a ModelGateway names none
 * @param httpPort port of /healthz, /readyz and /metrics
 * @param leaderElection whether replicas elect a leader through the {@value #LEASE_NAME} Lease
 * @param leaseNamespace namespace of that Lease; null: the client's namespace (kubeconfig context or pod)
 */
public record OperatorSettings(
        Set<String> watchNamespaces,
        String gatewayImage,
        int httpPort,
        boolean leaderElection,
        String leaseNamespace) {

    public static final String LEASE_NAME = "model-proxy-operator";
    public static final int DEFAULT_HTTP_PORT = 8080;

    public OperatorSettings {
        watchNamespaces = Set.copyOf(watchNamespaces);
    }

    /**
     * Reads WATCH_NAMESPACES (comma-separated, empty = all), GATEWAY_IMAGE, HTTP_PORT (default 8080),
     * LEADER_ELECTION (default true) and LEASE_NAMESPACE.
     */
    public static OperatorSettings fromEnvironment(Map<String, String> env) {
        Set<String> namespaces = Arrays.stream(env.getOrDefault("WATCH_NAMESPACES", "").split(","))
                .map(String::strip)
                .filter(name -> !name.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        String image = blankToNull(env.get("GATEWAY_IMAGE"));
        String port = blankToNull(env.get("HTTP_PORT"));
        String leaderElection = blankToNull(env.get("LEADER_ELECTION"));
        return new OperatorSettings(
                namespaces,
                image == null ? defaultGatewayImage() : image,
                port == null ? DEFAULT_HTTP_PORT : parsePort(port),
                leaderElection == null || Boolean.parseBoolean(leaderElection),
                blankToNull(env.get("LEASE_NAMESPACE")));
    }

    /** The gateway image released with this operator: {@code ghcr.io/model-proxy/gateway:<version>}. */
    public static String defaultGatewayImage() {
        return "ghcr.io/model-proxy/gateway:" + version();
    }

    /** This build's project version. */
    public static String version() {
        try (InputStream in = OperatorSettings.class.getResourceAsStream("/model-proxy-operator.properties")) {
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("model-proxy-operator.properties is part of the jar", e);
        }
    }

    private static int parsePort(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the offending value
        }
        throw new IllegalArgumentException("HTTP_PORT must be a port number (0-65535), not '" + value + "'");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
