package io.modelproxy.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.modelproxy.api.Dialect;
import io.modelproxy.api.LogicalModel;
import io.modelproxy.api.LogicalModelSpec;
import io.modelproxy.api.ModelGateway;
import io.modelproxy.api.ModelGatewaySpec;
import io.modelproxy.api.Provider;
import io.modelproxy.api.ProviderSpec;
import io.modelproxy.manifest.Manifest;
import io.modelproxy.manifest.Problem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The compiler's own checks, run on a completed GatewayConfig document: each provider and model is
 * read back as the Provider or LogicalModel spec it would have been written as, and goes through the
 * CRD schema ({@link SchemaValidator}: ranges, patterns, enums), {@link ModelNames} (unique names and
 * aliases, fallbacks, difficulty targets and classifiers that exist, no cycles, the CEL rules) and
 * {@link OperationChecks} (operations the routes' protocols can serve), and the gateway settings through
 * the ModelGateway schema (limits, sizes). So a hand-written file meets the same rules as manifests,
 * without a second copy of them. Only errors count; the compiler's warnings have no reader here.
 */
final class ConfigFileChecks {
    private static final ObjectMapper TREE = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    /** Spec fields whose name in a GatewayConfig differs. */
    private static final Map<String, String> FILE_FIELDS = Map.of(
            "spec.modelName", "name",
            "spec.auth.header", "authHeader",
            "spec.http.version", "httpVersion",
            "spec.rateLimits.requestsPerMinute", "requestsPerMinute",
            "spec.rateLimits.tokensPerMinute", "tokensPerMinute");

    private ConfigFileChecks() {}

    /** Adds one message per error to {@code errors}; {@code root} has been completed without errors. */
    static void check(ObjectNode root, List<String> errors) throws IOException {
        List<Problem> problems = new ArrayList<>();
        ObjectNode gatewaySpec = gatewaySpec(root.get("gateway"));
        Manifest<ModelGateway> gateway = manifest(new ModelGateway(), "gateway", gatewaySpec, ModelGatewaySpec.class);
        problems.addAll(SchemaValidator.validate(gateway, gatewaySpec));
        Map<String, Manifest<Provider>> providers = new LinkedHashMap<>();
        for (JsonNode provider : root.get("providers")) {
            ObjectNode spec = providerSpec(provider);
            Manifest<Provider> manifest = manifest(new Provider(), provider.get("name").asText(), spec, ProviderSpec.class);
            providers.put(manifest.name(), manifest);
            problems.addAll(SchemaValidator.validate(manifest, spec));
            if (manifest.object().getSpec().protocol() != Dialect.Mock) {
                // a Mock provider's upstream fields hold the defaults ConfigFile filled in, so only the others
                problems.addAll(ProviderRules.check(manifest));
            }
        }
        List<Manifest<LogicalModel>> models = new ArrayList<>();
        for (JsonNode model : root.get("models")) {
            ObjectNode spec = modelSpec(model);
            Manifest<LogicalModel> manifest = manifest(new LogicalModel(), model.get("name").asText(), spec, LogicalModelSpec.class);
            models.add(manifest);
            // a model's route list is ConfigFile's own check: a compiled one may have dropped every route
            SchemaValidator.validate(manifest, spec).stream()
                    .filter(p -> !p.field().equals("spec.routes"))
                    .forEach(problems::add);
        }
        ModelNames names = ModelNames.build(models, Set.of(), problems);
        names.entries().forEach(entry -> OperationChecks.check(entry, names, providers, problems));
        problems.stream().filter(Problem::isError).map(ConfigFileChecks::message).distinct().forEach(errors::add);
    }

    /** {@code model m: fallbacks[0]: no LogicalModel has the name or alias x}: the spec's field, as the file names it. */
    private static String message(Problem problem) {
        String where = problem.kind().equals(ModelGateway.KIND) ? "gateway"
                : (problem.kind().equals(Provider.KIND) ? "provider " : "model ") + problem.name();
        String field = problem.field() == null || problem.field().equals("spec") ? ""
                : FILE_FIELDS.getOrDefault(problem.field(), problem.field().substring("spec.".length())) + ": ";
        return where + ": " + field + problem.message();
    }

    private static ObjectNode gatewaySpec(JsonNode gateway) {
        ObjectNode spec = TREE.createObjectNode();
        copy(gateway, spec, "defaultContextWindow", "maxRequestBytes");
        ObjectNode limits = spec.putObject("rateLimits");
        copy(gateway, limits, "requestsPerMinute", "tokensPerMinute");
        if (gateway.has("clientRateLimits")) {
            limits.set("clients", gateway.get("clientRateLimits"));
        }
        if (gateway.has("modelRateLimits")) {
            limits.set("models", gateway.get("modelRateLimits"));
        }
        return spec;
    }

    private static ObjectNode providerSpec(JsonNode provider) {
        ObjectNode spec = TREE.createObjectNode();
        copy(provider, spec, "protocol", "baseUrl", "headers", "timeoutSeconds", "cooldownSeconds",
                "authFailureCooldownSeconds", "proxy", "errorPolicy", "models", "discovery", "mock");
        ObjectNode auth = spec.putObject("auth");
        auth.set("header", provider.get("authHeader"));
        auth.set("scheme", provider.get("authScheme"));
        if (provider.hasNonNull("httpVersion")) {
            spec.putObject("http").set("version", provider.get("httpVersion"));
        }
        return spec;
    }

    /** A model as a LogicalModel spec: its name is the modelName, and a stickySeconds of 0 is sticky: false. */
    private static ObjectNode modelSpec(JsonNode model) {
        ObjectNode spec = ((ObjectNode) model).deepCopy();
        spec.set("modelName", spec.remove("name"));
        if (spec.get("difficultyRouting") instanceof ObjectNode routing && routing.path("stickySeconds").asInt(-1) == 0) {
            routing.remove("stickySeconds");
            routing.put("sticky", false);
        }
        return spec;
    }

    private static void copy(JsonNode from, ObjectNode to, String... fields) {
        for (String field : fields) {
            if (from.hasNonNull(field)) {
                to.set(field, from.get(field));
            }
        }
    }

    /** The object a spec would have been written in; a value its type cannot hold is an error of the file. */
    private static <S, T extends CustomResource<S, ?>> Manifest<T> manifest(T object, String name, JsonNode spec,
            Class<S> type) throws IOException {
        try {
            object.setSpec(TREE.treeToValue(spec, type));
        } catch (JsonProcessingException e) {
            throw new IOException("invalid GatewayConfig: " + object.getKind() + " " + name + ": " + e.getOriginalMessage());
        }
        object.setMetadata(new ObjectMetaBuilder().withName(name).build());
        return new Manifest<>("config", object);
    }
}
