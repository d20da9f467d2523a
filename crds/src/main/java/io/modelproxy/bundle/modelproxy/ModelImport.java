package io.modelproxy.bundle.modelproxy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.api.Dialect;
import io.modelproxy.bundle.KeyEntry;
import io.modelproxy.bundle.ManifestDraft;
import io.modelproxy.bundle.ObjectNames;
import io.modelproxy.bundle.SourceEnvironment;
import io.modelproxy.bundle.SourceNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One Model-Proxy model document ({@code config/models/<logical_name>.json}, or an entry of a bundle) as a
 * LogicalModel. A route that overrides what only a Provider can hold (base URL, keys, wire protocol,
 * cooldown) gets a Provider of its own, copied from its provider with the overrides applied.
 */
final class ModelImport {
    private static final String NO_EQUIVALENT = "Model Proxy has no such feature yet";

    private final ManifestDraft draft;
    private final SourceEnvironment environment;
    private final Map<String, ProviderImport.Imported> providers;
    private final Set<String> modelNames;

    /**
     * @param providers every source provider by its source name, disabled ones included
     * @param modelNames every logical_name of the source, for fallbacks
     */
    ModelImport(ManifestDraft draft, SourceEnvironment environment, Map<String, ProviderImport.Imported> providers,
            Set<String> modelNames) {
        this.draft = draft;
        this.environment = environment;
        this.providers = providers;
        this.modelNames = modelNames;
    }

    /** The logical name of a model document, or the fallback (its file name) when it has none. */
    static Optional<String> logicalName(SourceNode source, String fallbackName) {
        return source.text("logical_name").or(() -> Optional.ofNullable(fallbackName));
    }

    void read(SourceNode source, String fallbackName) {
        Optional<String> logicalName = logicalName(source, fallbackName);
        if (logicalName.isEmpty()) {
            source.error("logical_name", "required but missing");
            return;
        }
        SourceNode model = source.named("model " + logicalName.get());
        Optional<String> name = ObjectNames.of(logicalName.get());
        if (name.isEmpty()) {
            model.error("logical_name", "cannot be made into a Kubernetes object name");
            return;
        }
        if (draft.hasModel(name.get())) {
            model.error("logical_name", "a second model named " + logicalName.get() + " (object " + name.get() + ")");
            return;
        }
        ObjectNode spec = JsonNodeFactory.instance.objectNode();
        if (!name.get().equals(logicalName.get())) {
            spec.put("modelName", logicalName.get());
        }
        model.integer("context_window").ifPresent(w -> spec.put("contextWindow", w));
        model.integer("timeout_seconds").ifPresent(t -> spec.put("timeoutSeconds", t));
        model.noEquivalent("default_cooldown_seconds", "cooldowns are set per Provider (spec.cooldownSeconds)");
        ArrayNode routes = spec.putArray("routes");
        List<SourceNode> routings = model.objects("model_routings");
        if (routings.isEmpty()) {
            model.error("model_routings", "needs at least one routing");
        }
        routings.forEach(routing -> route(routing, name.get(), routes));
        List<String> fallbacks = model.texts("fallback_model_routings");
        for (int i = 0; i < fallbacks.size(); i++) {
            if (!modelNames.contains(fallbacks.get(i))) {
                model.error("fallback_model_routings[" + i + "]", "model " + fallbacks.get(i) + " not found");
            } else if (fallbacks.get(i).equals(logicalName.get())) {
                model.error("fallback_model_routings[" + i + "]", "a model cannot fall back to itself");
            }
        }
        if (!fallbacks.isEmpty()) {
            ArrayNode list = spec.putArray("fallbacks");
            fallbacks.forEach(list::add);
        }
        model.object("enforce_tool_call").ifPresent(enforce -> {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            enforce.bool("enabled").ifPresent(e -> out.put("enabled", e));
            enforce.integer("max_retries").ifPresent(r -> out.put("maxRetries", r));
            enforce.finish(false);
            if (!out.isEmpty()) {
                spec.set("toolCallEnforcement", out);
            }
        });
        for (String field : List.of("hedged_routing", "fusion", "pricing", "smooth_streaming",
                "buffer_partial_tool_calls", "persist_completions")) {
            model.noEquivalent(field, NO_EQUIVALENT);
        }
        model.finish(true);
        draft.model(name.get(), model.file(), model.object()).setAll(spec);
    }

    private void route(SourceNode routing, String modelName, ArrayNode routes) {
        Optional<String> providerName = routing.text("provider");
        Optional<String> upstream = routing.text("model");
        if (providerName.isEmpty()) {
            routing.error("provider", "required but missing");
        }
        if (upstream.isEmpty()) {
            routing.error("model", "required but missing");
        }
        ProviderImport.Imported provider = providerName.map(providers::get).orElse(null);
        if (providerName.isPresent() && provider == null) {
            routing.error("provider", "provider " + providerName.get() + " not found");
        }
        Optional<String> routeId = routing.text("route_id").or(() -> routing.text("id"));
        Optional<Dialect> wire = routing.text("wire_protocol")
                .map(w -> EndpointImport.protocol(routing, "wire_protocol", w));
        Optional<String> baseUrl = routing.text("base_url").flatMap(u -> {
            Optional<String> expanded = environment.expand(u);
            if (expanded.isEmpty() || !expanded.get().matches("^https?://\\S+$")) {
                routing.error("base_url", "not an http:// or https:// URL once its ${VAR}s are expanded");
            }
            return expanded.map(e -> e.endsWith("/") ? e.substring(0, e.length() - 1) : e);
        });
        List<String> keyVariables = routing.texts("api_key_env");
        Optional<Integer> cooldown = routing.integer("cooldown_seconds");
        ObjectNode route = JsonNodeFactory.instance.objectNode();
        routing.integer("context_window").ifPresent(w -> route.put("contextWindow", w));
        routing.integer("timeout_seconds").ifPresent(t -> route.put("timeoutSeconds", t));
        routing.noEquivalent("openai_body_defaults", "the gateway sends the client's body as it is");
        routing.noEquivalent("openai_body_extensions", "the gateway sends the client's body as it is");
        routing.finish(true);
        if (provider == null || upstream.isEmpty()) {
            return;
        }
        String target = provider.name();
        boolean overrides = wire.filter(w -> w != provider.protocol()).isPresent() || baseUrl.isPresent()
                || !keyVariables.isEmpty() || cooldown.isPresent();
        if (overrides && draft.hasProvider(provider.name())) {
            String suffix = ObjectNames.of(routeId.orElse(modelName + "-" + upstream.get())).orElse("route");
            target = routeProvider(provider, suffix, wire, baseUrl, keyVariables, cooldown);
        } else if (routeId.isPresent()) {
            routing.warn("route_id", "not imported: routes have no id");
        }
        ObjectNode out = routes.addObject().put("provider", target).put("model", upstream.get());
        out.setAll(route);
    }

    /** A Provider for one route's overrides, named {@code <provider>-<route id>}. */
    private String routeProvider(ProviderImport.Imported provider, String suffix, Optional<Dialect> wire,
            Optional<String> baseUrl, List<String> keyVariables, Optional<Integer> cooldown) {
        ObjectNode spec = draft.providerSpec(provider.name()).deepCopy();
        wire.ifPresent(w -> spec.put("protocol", w.name()));
        baseUrl.ifPresent(u -> spec.put("baseUrl", u));
        cooldown.ifPresent(c -> spec.put("cooldownSeconds", c));
        String name = provider.name() + "-" + suffix;
        for (int n = 2; draft.hasProvider(name); n++) {
            name = provider.name() + "-" + suffix + "-" + n;
        }
        if (!keyVariables.isEmpty()) {
            spec.remove("apiKeys");
        }
        draft.provider(name, null, "provider " + provider.sourceName()).setAll(spec);
        draft.keys(name, keyVariables.stream()
                .map(v -> new KeyEntry(v, environment.value(v).orElse(null))).toList());
        return name;
    }
}
