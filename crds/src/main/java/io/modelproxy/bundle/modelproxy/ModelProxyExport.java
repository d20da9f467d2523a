package io.modelproxy.bundle.modelproxy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.api.Dialect;
import io.modelproxy.bundle.ExportResult;
import io.modelproxy.bundle.ManifestYaml;
import io.modelproxy.bundle.ObjectNames;
import io.modelproxy.bundle.Report;
import io.modelproxy.bundle.SourceNode;
import io.modelproxy.manifest.Manifest;
import io.modelproxy.manifest.ManifestSet;
import io.modelproxy.manifest.Problem;
import io.modelproxy.manifest.SecretManifest;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Exports manifests as a Model-Proxy bundle JSON ({@code {version: "1.0.0", setup: {providers, models}}}), so
 * a user can go back. Keys are exported as the environment variables they come from; their values (and the
 * bundle's {@code environment} and {@code api_keys}) only when asked. What a bundle cannot hold (aliases,
 * weights, system prompt edits, ModelGateways, ...) is reported as a warning per object and field.
 */
public final class ModelProxyExport {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();
    private static final String NOT_EXPORTED = "not exported: a Model-Proxy bundle has no equivalent";

    private final ManifestSet set;
    private final Map<String, String> environment;
    private final boolean includeSecretValues;
    private final Report report = new Report();
    private final Map<String, String> values = new TreeMap<>();
    private final Map<String, ArrayNode> apiKeys = new TreeMap<>();

    private ModelProxyExport(ManifestSet set, Map<String, String> environment, boolean includeSecretValues) {
        this.set = set;
        this.environment = environment;
        this.includeSecretValues = includeSecretValues;
    }

    /**
     * Exports every Provider and LogicalModel of {@code set}.
     *
     * @param set manifests read with an empty environment, so each {@code ${VAR}} key is known by its variable
     *     ({@link SecretManifest#unset()}) rather than by a value
     * @param environment where values of {@code ${VAR}} keys come from when {@code includeSecretValues}
     * @param includeSecretValues write key values into the bundle's {@code environment} and {@code api_keys}
     */
    public static ExportResult export(ManifestSet set, Map<String, String> environment, boolean includeSecretValues) {
        return new ModelProxyExport(set, environment, includeSecretValues).run();
    }

    private ExportResult run() {
        for (Problem problem : set.problems()) {
            if (problem.isError()) {
                report.error(problem.file(), objectOf(problem.kind(), problem.name()), problem.field(), problem.message());
            }
        }
        ObjectNode bundle = JsonNodeFactory.instance.objectNode();
        bundle.put("version", "1.0.0");
        ObjectNode setup = bundle.putObject("setup");
        Map<String, Dialect> protocols = new TreeMap<>();
        ArrayNode providers = setup.putArray("providers");
        set.providers().stream().sorted(Comparator.comparing(Manifest::name)).forEach(p -> {
            protocols.put(p.name(), p.object().getSpec() == null ? Dialect.OpenAIChat : p.object().getSpec().protocol());
            providers.add(provider(p));
        });
        ArrayNode models = setup.putArray("models");
        set.logicalModels().stream().sorted(Comparator.comparing(Manifest::name))
                .forEach(m -> models.add(model(m, protocols)));
        set.gateways().forEach(g -> report.warn(g.file(), objectOf("ModelGateway", g.name()), null, NOT_EXPORTED));
        if (includeSecretValues && !values.isEmpty()) {
            values.forEach(setup.putObject("environment")::put);
            ObjectNode keys = setup.putObject("api_keys");
            apiKeys.forEach(keys::set);
        }
        if (report.hasErrors()) {
            return new ExportResult("", report.notes());
        }
        try {
            return new ExportResult(JSON.writeValueAsString(bundle) + "\n", report.notes());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String objectOf(String kind, String name) {
        return kind == null && name == null ? null : (kind == null ? "?" : kind) + "/" + (name == null ? "?" : name);
    }

    private SourceNode spec(Manifest<?> manifest) {
        ObjectNode tree = ManifestYaml.tree(manifest.object());
        JsonNode spec = tree.path("spec");
        return SourceNode.root(manifest.file(), objectOf(manifest.kind(), manifest.name()),
                spec.isObject() ? spec : JsonNodeFactory.instance.objectNode(), report).orElseThrow();
    }

    private ObjectNode provider(Manifest<io.modelproxy.api.Provider> manifest) {
        SourceNode spec = spec(manifest);
        String name = manifest.name();
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("name", name);
        Map<String, String> annotations = manifest.object().getMetadata().getAnnotations();
        out.put("display_name", annotations == null ? name
                : annotations.getOrDefault(ProviderImport.DISPLAY_NAME, name));
        out.put("enabled", true);
        Dialect protocol = spec.text("protocol").map(Dialect::valueOf).orElse(Dialect.OpenAIChat);
        if (protocol == Dialect.Mock) {
            report.error(manifest.file(), objectOf(manifest.kind(), name), "spec.protocol",
                    "Mock answers inside Model Proxy; a Model-Proxy bundle has no such provider");
            spec.finishWith(NOT_EXPORTED);
            return out;
        }
        ObjectNode endpoints = out.putObject("endpoints");
        spec.text("baseUrl").ifPresent(u -> endpoints.put("base_url", u));
        endpoints.put("compatible_format", format(protocol));
        endpoints.put("completions", EndpointImport.standardPath(protocol));
        endpoints.put("streaming", EndpointImport.standardPath(protocol));
        List<String> variables = keys(spec, name);
        ObjectNode authentication = out.putObject("authentication");
        Optional<SourceNode> auth = spec.object("auth");
        boolean anthropic = protocol == Dialect.AnthropicMessages;
        String header = auth.flatMap(a -> a.text("header")).orElse(anthropic ? "x-api-key" : "Authorization");
        String scheme = auth.flatMap(a -> a.text("scheme")).orElse(auth.isPresent() ? "" : anthropic ? "" : "Bearer");
        auth.ifPresent(a -> a.finishWith(NOT_EXPORTED));
        if (variables.isEmpty()) {
            authentication.put("type", "none");
        } else if (header.equalsIgnoreCase("Authorization") && scheme.equals("Bearer")) {
            authentication.put("type", "bearer");
        } else if (header.equalsIgnoreCase("x-api-key") && scheme.isEmpty()) {
            authentication.put("type", "x-api-key");
        } else {
            authentication.put("type", "api-key-header").put("header_name", header)
                    .put("header_format", (scheme.isEmpty() ? "" : scheme + " ") + "{api_key}");
        }
        spec.object("headers").ifPresent(headers -> {
            ObjectNode additional = authentication.putObject("additional_headers");
            headers.names().forEach(h -> headers.text(h).ifPresent(v -> additional.put(h, v)));
        });
        if (!variables.isEmpty()) {
            variables.forEach(out.putObject("api_keys").putArray("env_var_patterns")::add);
        }
        spec.integer("timeoutSeconds").ifPresent(t -> out.putObject("request_config").put("timeout_seconds", t));
        spec.integer("cooldownSeconds").ifPresent(c -> out.putObject("rate_limiting").put("cooldown_seconds", c));
        List<SourceNode> catalog = spec.objects("models");
        if (!catalog.isEmpty()) {
            ObjectNode models = out.putObject("models");
            for (SourceNode model : catalog) {
                ObjectNode entry = JsonNodeFactory.instance.objectNode();
                Optional<String> id = model.text("name");
                model.integer("contextWindow").ifPresent(w -> entry.put("context_window", w));
                model.finishWith(NOT_EXPORTED);
                id.ifPresent(i -> models.set(i, entry));
            }
        }
        errorHandling(spec, out);
        spec.text("proxy").ifPresent(p -> out.putObject("proxy_support").put("enabled", true).put("base_url_override", p));
        spec.finishWith(NOT_EXPORTED);
        return out;
    }

    private static String format(Dialect protocol) {
        return switch (protocol) {
            case OpenAIChat -> "openai";
            case OpenAIResponses -> "responses";
            case AnthropicMessages -> "anthropic";
            case Mock -> throw new IllegalArgumentException("a Mock provider has no Model-Proxy format");
        };
    }

    /** The variables of the Provider's keys, in the order the gateway rotates them; values kept aside. */
    private List<String> keys(SourceNode spec, String providerName) {
        List<String> variables = new ArrayList<>();
        for (SourceNode source : spec.objects("apiKeys")) {
            Optional<SourceNode> ref = source.object("secretRef");
            source.finishWith(NOT_EXPORTED);
            if (ref.isEmpty()) {
                continue;
            }
            Optional<String> secretName = ref.get().text("name");
            Optional<String> key = ref.get().text("key");
            Optional<SecretManifest> secret = secretName.flatMap(set::secret);
            if (secret.isEmpty()) {
                ref.get().warn("name", "not exported: Secret " + secretName.orElse("?") + " not found");
                continue;
            }
            Set<String> entries = new TreeSet<>(secret.get().values().keySet());
            entries.addAll(secret.get().unset().keySet());
            for (String entry : key.map(List::of).orElse(List.copyOf(entries))) {
                String variable = secret.get().unset().get(entry);
                String value = secret.get().values().get(entry);
                if (variable == null && value == null) {
                    ref.get().warn("key", "not exported: Secret " + secret.get().name() + " has no key " + entry);
                    continue;
                }
                if (variable == null) {
                    variable = KeyPatterns.isVariableName(entry) ? entry
                            : ObjectNames.variable(providerName) + "_API_KEY" + (variables.isEmpty() ? "" : "_" + (variables.size() + 1));
                } else {
                    value = environment.get(variable);
                }
                variables.add(variable);
                if (includeSecretValues && value != null && !value.isEmpty()) {
                    values.put(variable, value);
                    apiKeys.computeIfAbsent(providerName, p -> JsonNodeFactory.instance.arrayNode())
                            .addObject().put("env_var", variable).put("value", value);
                }
            }
        }
        return variables;
    }

    private static void errorHandling(SourceNode spec, ObjectNode out) {
        Map<Integer, ObjectNode> table = new TreeMap<>();
        for (SourceNode rule : spec.objects("errorPolicy")) {
            Optional<String> action = rule.text("action");
            Optional<Integer> cooldown = rule.integer("cooldownSeconds");
            List<Integer> statuses = new ArrayList<>();
            rule.raw("status").ifPresent(list -> list.forEach(s -> statuses.add(s.asInt())));
            if (rule.has("bodyContains")) {
                rule.text("bodyContains");
                rule.warn("bodyContains", "not exported: error_handling matches on status only, so this rule is left out");
                continue;
            }
            rule.finishWith(NOT_EXPORTED);
            Optional<String> mapped = action.flatMap(a -> switch (a) {
                case "CooldownKeyForModel" -> Optional.of("model_key_failure");
                case "CooldownKeyForProvider" -> Optional.of("global_key_failure");
                case "FallBack" -> Optional.of("fallback_no_cooldown");
                case "Return" -> Optional.of("pass_through");
                default -> Optional.empty();
            });
            if (mapped.isEmpty()) {
                rule.warn("action", "not exported: " + action.orElse("?") + " has no error_handling action");
                continue;
            }
            for (int status : statuses) {
                if (table.containsKey(status)) {
                    rule.warn("status", "not exported for " + status + ": an earlier rule decides it");
                    continue;
                }
                ObjectNode entry = JsonNodeFactory.instance.objectNode().put("action", mapped.get());
                cooldown.ifPresent(c -> entry.put("cooldown_seconds", c));
                table.put(status, entry);
            }
        }
        if (!table.isEmpty()) {
            ObjectNode handling = out.putObject("error_handling");
            table.forEach((status, entry) -> handling.set(String.valueOf(status), entry));
        }
    }

    private ObjectNode model(Manifest<io.modelproxy.api.LogicalModel> manifest, Map<String, Dialect> protocols) {
        SourceNode spec = spec(manifest);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("logical_name", spec.text("modelName").orElse(manifest.name()));
        spec.integer("timeoutSeconds").ifPresent(t -> out.put("timeout_seconds", t));
        spec.integer("contextWindow").ifPresent(w -> out.put("context_window", w));
        boolean weighted = spec.text("strategy").filter("Weighted"::equals).isPresent();
        if (weighted) {
            spec.warn("strategy", "not exported: Model-Proxy tries routes in order");
        }
        ArrayNode routings = out.putArray("model_routings");
        for (SourceNode route : spec.objects("routes")) {
            ObjectNode routing = routings.addObject();
            route.text("provider").ifPresent(p -> {
                routing.put("provider", p);
                Optional.ofNullable(protocols.get(p)).ifPresent(w -> routing.put("wire_protocol", format(w)));
            });
            route.text("model").ifPresent(m -> routing.put("model", m));
            route.integer("timeoutSeconds").ifPresent(t -> routing.put("timeout_seconds", t));
            route.integer("contextWindow").ifPresent(w -> routing.put("context_window", w));
            route.integer("weight").filter(w -> weighted || w != 1)
                    .ifPresent(w -> route.warn("weight", "not exported: Model-Proxy tries routes in order"));
            route.finishWith(NOT_EXPORTED);
        }
        List<String> fallbacks = spec.texts("fallbacks");
        if (!fallbacks.isEmpty()) {
            fallbacks.forEach(out.putArray("fallback_model_routings")::add);
        }
        spec.object("toolCallEnforcement").ifPresent(enforcement -> {
            ObjectNode enforce = out.putObject("enforce_tool_call");
            enforcement.bool("enabled").ifPresent(e -> enforce.put("enabled", e));
            enforcement.integer("maxRetries").ifPresent(r -> enforce.put("max_retries", r));
            enforcement.finishWith(NOT_EXPORTED);
        });
        spec.finishWith(NOT_EXPORTED);
        return out;
    }
}
