package io.modelproxy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code model-proxy health}: asks a running gateway for {@code /health/detailed} and turns it into an
 * exit code for scripts and container probes. The detailed health goes to stdout on one line (for
 * {@code jq}); what is wrong, when something is, goes to stderr.
 */
@Command(name = "health", mixinStandardHelpOptions = true,
        description = {"Check a running gateway: print its detailed health on one line and exit 0 when it can serve."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:healthy: a config is loaded and at least one route can serve now",
                "2:usage error",
                "3:the gateway answers but is not ready (no config loaded, or no route with a closed circuit and a usable key)",
                "4:nothing answers at the URL (or it is not a Model Proxy gateway)"})
final class HealthCommand implements Callable<Integer> {
    static final int NOT_READY = 3;
    static final int UNREACHABLE = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    private CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL", defaultValue = "${env:MODEL_PROXY_URL:-http://127.0.0.1:9876}",
            description = "The gateway's base URL (default: ${DEFAULT-VALUE}; env MODEL_PROXY_URL).")
    private String url;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "5",
            description = "How long to wait for the answer, in seconds (default: ${DEFAULT-VALUE}).")
    private double timeoutSeconds;

    @Override
    public Integer call() {
        if (!(timeoutSeconds > 0) || timeoutSeconds > 3600) {
            throw new ParameterException(spec.commandLine(), "--timeout " + timeoutSeconds + ": expected seconds between 0 and 3600");
        }
        URI uri = detailedUri();
        Duration timeout = Duration.ofMillis((long) (timeoutSeconds * 1000));
        String body;
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build()) {
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            body = answer.body();
        } catch (IOException e) {
            return unreachable(uri, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unreachable(uri, "interrupted");
        }
        JsonNode health;
        try {
            health = JSON.readTree(body);
        } catch (IOException e) {
            return unreachable(uri, "the answer is not JSON");
        }
        if (health == null || !health.has("status") || !health.has("config")) {
            return unreachable(uri, "the answer is not a Model Proxy health document");
        }
        spec.commandLine().getOut().println(health.toString());
        String problem = problem(health);
        if (problem != null) {
            spec.commandLine().getErr().println("model-proxy health: not ready: " + problem);
            return NOT_READY;
        }
        return 0;
    }

    private URI detailedUri() {
        String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        try {
            URI uri = URI.create(base + "/health/detailed");
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("expected http://HOST:PORT or https://HOST:PORT");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--url " + url + ": " + e.getMessage());
        }
    }

    private int unreachable(URI uri, String why) {
        spec.commandLine().getErr().println("model-proxy health: nothing answers at " + uri + ": " + why);
        return UNREACHABLE;
    }

    /**
     * Why a gateway that answers cannot serve, or null when it can: no config loaded, or no model has a
     * route whose circuit is closed on a provider with a key available (or that forwards the client's).
     */
    static String problem(JsonNode health) {
        if (!"ok".equals(health.path("status").asText())) {
            String error = health.path("config").path("lastError").asText("");
            return error.isEmpty() ? "no configuration loaded yet" : "no configuration loaded: " + error;
        }
        Map<String, Boolean> providerUsable = new HashMap<>();
        for (JsonNode provider : health.path("providers")) {
            JsonNode keys = provider.path("keys");
            providerUsable.put(provider.path("name").asText(),
                    keys.path("available").asInt() > 0 || keys.path("forwardsClientCredential").asBoolean());
        }
        int routes = 0;
        for (JsonNode model : health.path("models")) {
            for (JsonNode route : model.path("routes")) {
                routes++;
                String id = route.path("route").asText();
                String provider = id.contains("/") ? id.substring(0, id.indexOf('/')) : id;
                if ("closed".equals(route.path("circuit").path("state").asText())
                        && providerUsable.getOrDefault(provider, false)) {
                    return null;
                }
            }
        }
        return routes == 0 ? "no models are configured"
                : "none of the " + routes + " routes can serve now (open circuits, or providers without an available key)";
    }
}
