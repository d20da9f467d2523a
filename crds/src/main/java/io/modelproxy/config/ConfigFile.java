package io.modelproxy.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.api.Dialect;
import io.modelproxy.api.LogicalModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a GatewayConfig JSON document, compiled or written by hand, through the compiler's defaults: a
 * field left out gets the value {@link ConfigCompiler} would have written ({@link ConfigDefaults}), an
 * empty {@code errorPolicy} the default table, and a field the defaults cannot do without (a provider's
 * name, protocol or baseUrl, a model's name, a route's provider and model) or an out-of-range value is a
 * clear error. A compiled config has every field already and reads back unchanged; so the gateway, which
 * applies no defaults of its own, runs a hand-written provider exactly as the same provider compiled
 * from manifests. A complete document then meets the compiler's own checks ({@link ConfigFileChecks}).
 */
public final class ConfigFile {
    private static final ObjectMapper TREE = JsonMapper.builder().build();

    private ConfigFile() {}

    /**
     * Reads and completes one document.
     *
     * @throws IOException if it is not JSON, is from a newer format version, or misses or breaks a field
     *     (the message lists every such field)
     */
    public static GatewayConfig read(InputStream in) throws IOException {
        JsonNode root;
        try {
            root = TREE.readTree(in);
        } catch (JacksonException e) {
            throw new IOException("not a GatewayConfig JSON document: " + e.getOriginalMessage());
        }
        if (!(root instanceof ObjectNode object)) {
            throw new IOException("not a GatewayConfig JSON document: expected an object");
        }
        List<String> errors = new ArrayList<>();
        complete(object, errors);
        if (errors.isEmpty()) {
            ConfigFileChecks.check(object, errors);
        }
        if (!errors.isEmpty()) {
            throw new IOException("invalid GatewayConfig: " + String.join("; ", errors));
        }
        return GatewayConfig.fromJson(new ByteArrayInputStream(TREE.writeValueAsBytes(object)));
    }

    /** A config built in code, completed the same way as a file: what a test or a benchmark hands the gateway. */
    public static GatewayConfig complete(GatewayConfig config) throws IOException {
        return read(new ByteArrayInputStream(config.toJson().getBytes(StandardCharsets.UTF_8)));
    }

    private static void complete(ObjectNode root, List<String> errors) {
        fill(root, "version", GatewayConfig.CURRENT_VERSION);
        GatewaySettings defaults = GatewaySettings.defaults();
        ObjectNode gateway = object(root, "gateway");
        fill(gateway, "name", defaults.name());
        fill(gateway, "defaultContextWindow", defaults.defaultContextWindow());
        fill(gateway, "maxRequestBytes", defaults.maxRequestBytes());
        if (!gateway.has("requestLogging")) {
            gateway.put("requestLogging", defaults.requestLogging());
        }
        if (!gateway.has("metrics")) {
            gateway.put("metrics", defaults.metrics());
        }
        Set<String> providers = new HashSet<>();
        ArrayNode providerList = array(root, "providers");
        for (int i = 0; i < providerList.size(); i++) {
            provider(providerList.get(i), "providers[" + i + "]", providers, errors);
        }
        Set<String> compiled = new HashSet<>();
        array(root, "sources").forEach(source -> {
            if (LogicalModel.KIND.equals(text(source, "kind")) && text(source, "modelName") != null) {
                compiled.add(text(source, "modelName"));
            }
        });
        ArrayNode models = array(root, "models");
        for (int i = 0; i < models.size(); i++) {
            model(models.get(i), "models[" + i + "]", providers, compiled, errors);
        }
        String passthrough = text(gateway, "passthroughProvider");
        if (passthrough != null && !providers.contains(passthrough)) {
            errors.add("gateway: passthroughProvider names unknown provider " + passthrough);
        }
    }

    private static void provider(JsonNode node, String at, Set<String> names, List<String> errors) {
        if (!(node instanceof ObjectNode p)) {
            errors.add(at + ": expected an object");
            return;
        }
        String name = required(p, "name", at, errors);
        if (name != null && !names.add(name)) {
            errors.add(at + ": provider " + name + " is defined twice");
        }
        String where = name == null ? at : "provider " + name;
        Dialect protocol = protocol(p, where, errors);
        if (protocol != Dialect.Mock) {
            required(p, "baseUrl", where, errors);
        }
        if (protocol == null) {
            return;
        }
        String header = text(p, "authHeader");
        p.put("authHeader", ConfigDefaults.authHeader(protocol, header));
        p.put("authScheme", ConfigDefaults.authScheme(protocol, header, text(p, "authScheme")));
        Map<String, String> given = p.has("headers") ? TREE.convertValue(p.get("headers"),
                TREE.getTypeFactory().constructMapType(Map.class, String.class, String.class)) : null;
        p.set("headers", TREE.valueToTree(ConfigDefaults.headers(protocol, given)));
        atLeast(p, "timeoutSeconds", ConfigDefaults.PROVIDER_TIMEOUT_SECONDS, 1, where, errors);
        atLeast(p, "cooldownSeconds", ConfigDefaults.COOLDOWN_SECONDS, 0, where, errors);
        atLeast(p, "authFailureCooldownSeconds", ConfigDefaults.AUTH_FAILURE_COOLDOWN_SECONDS, 0, where, errors);
        if (array(p, "errorPolicy").isEmpty()) {
            p.set("errorPolicy", TREE.valueToTree(ProviderConfig.DEFAULT_ERROR_POLICY));
        }
        if (protocol == Dialect.Mock) {
            ObjectNode mock = object(p, "mock");
            ProviderConfig.Mock m = ConfigDefaults.mock(null, null, null);
            atLeast(mock, "latencyMillis", m.latencyMillis(), 0, where + " mock", errors);
            atLeast(mock, "chunkChars", m.chunkChars(), 1, where + " mock", errors);
        }
        ObjectNode discovery = object(p, "discovery");
        ProviderConfig.Discovery d = ConfigDefaults.discovery(protocol == Dialect.Mock ? false : null, null, null);
        if (!discovery.has("enabled")) {
            discovery.put("enabled", d.enabled());
        }
        atLeast(discovery, "ttlSeconds", d.ttlSeconds(), 1, where + " discovery", errors);
        atLeast(discovery, "timeoutMillis", d.timeoutMillis(), 1, where + " discovery", errors);
    }

    /** @param compiled the models the document says it compiled from a LogicalModel */
    private static void model(JsonNode node, String at, Set<String> providers, Set<String> compiled,
            List<String> errors) {
        if (!(node instanceof ObjectNode m)) {
            errors.add(at + ": expected an object");
            return;
        }
        String name = required(m, "name", at, errors);
        String where = name == null ? at : "model " + name;
        atLeast(m, "defaultMaxTokens", ConfigDefaults.MAX_TOKENS, 1, where, errors);
        atLeast(m, "timeoutSeconds", ConfigDefaults.MODEL_TIMEOUT_SECONDS, 1, where, errors);
        fill(m, "strategy", ConfigDefaults.strategy(null).name());
        if (array(m, "operations").isEmpty()) {
            m.set("operations", TREE.valueToTree(ConfigDefaults.operations(null)));
        }
        ArrayNode routes = array(m, "routes");
        if (routes.isEmpty() && !compiled.contains(name)) {
            // The compiler drops routes to Providers without a key and may leave none; a file written by
            // hand has no such reason, and a LogicalModel needs a route too.
            errors.add(where + ": routes needs at least one route (a model cannot be served by its fallbacks"
                    + " alone; a LogicalModel needs a route too)");
        }
        for (int i = 0; i < routes.size(); i++) {
            if (!(routes.get(i) instanceof ObjectNode r)) {
                errors.add(where + " routes[" + i + "]: expected an object");
                continue;
            }
            String provider = required(r, "provider", where + " routes[" + i + "]", errors);
            required(r, "model", where + " routes[" + i + "]", errors);
            if (provider != null && !providers.contains(provider)) {
                errors.add(where + " routes[" + i + "]: routes to unknown provider " + provider);
            }
            atLeast(r, "weight", ConfigDefaults.WEIGHT, 0, where + " routes[" + i + "]", errors);
        }
        ObjectNode enforcement = object(m, "toolCallEnforcement");
        ModelConfig.ToolCallEnforcement t = ConfigDefaults.toolCallEnforcement(null, null, null, null);
        if (!enforcement.has("enabled")) {
            enforcement.put("enabled", t.enabled());
        }
        atLeast(enforcement, "maxRetries", t.maxRetries(), 0, where + " toolCallEnforcement", errors);
        fill(enforcement, "terminationFlag", t.terminationFlag());
        if (m.get("difficultyRouting") instanceof ObjectNode routing) {
            difficultyRouting(routing, where + " difficultyRouting", errors);
        }
    }

    private static void difficultyRouting(ObjectNode routing, String where, List<String> errors) {
        ObjectNode classifier = object(routing, "classifier");
        atLeast(classifier, "timeoutMillis", ConfigDefaults.CLASSIFIER_TIMEOUT_MILLIS, 1, where + " classifier", errors);
        atLeast(classifier, "retries", ConfigDefaults.CLASSIFIER_RETRIES, 0, where + " classifier", errors);
        atLeast(classifier, "backoffMillis", ConfigDefaults.CLASSIFIER_BACKOFF_MILLIS, 0, where + " classifier", errors);
        if (classifier.get("heuristic") instanceof ObjectNode heuristic) {
            ObjectNode given = (ObjectNode) TREE.valueToTree(ConfigDefaults.HEURISTIC);
            given.setAll(heuristic);
            heuristic.setAll(given);
        } else if (text(classifier, "model") == null) {
            errors.add(where + " classifier: set a model or a heuristic");
        }
        atLeast(routing, "stickySeconds", ConfigDefaults.STICKY_SECONDS, 0, where, errors);
        fill(routing, "exposeHeaders", true);
    }

    private static Dialect protocol(ObjectNode p, String where, List<String> errors) {
        String value = required(p, "protocol", where, errors);
        if (value == null) {
            return null;
        }
        try {
            return Dialect.valueOf(value);
        } catch (IllegalArgumentException e) {
            errors.add(where + ": protocol must be one of " + List.of(Dialect.values()) + ", got " + value);
            return null;
        }
    }

    private static String required(ObjectNode node, String field, String where, List<String> errors) {
        String value = text(node, field);
        if (value == null || value.isBlank()) {
            errors.add(where + ": " + field + " is required");
            return null;
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static void fill(ObjectNode node, String field, Object value) {
        if (node.get(field) == null || node.get(field).isNull()) {
            node.set(field, TREE.valueToTree(value));
        }
    }

    /** Fills an absent number with its default; a present one must be a whole number of at least {@code minimum}. */
    private static void atLeast(ObjectNode node, String field, long fallback, long minimum, String where,
            List<String> errors) {
        fill(node, field, fallback);
        JsonNode value = node.get(field);
        if (!value.canConvertToLong() || !value.isIntegralNumber() || value.asLong() < minimum) {
            errors.add(where + ": " + field + " must be a whole number of at least " + minimum + ", got " + value);
        }
    }

    private static ObjectNode object(ObjectNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node instanceof ObjectNode object) {
            return object;
        }
        return parent.putObject(field);
    }

    private static ArrayNode array(ObjectNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node instanceof ArrayNode array) {
            return array;
        }
        return parent.putArray(field);
    }
}
