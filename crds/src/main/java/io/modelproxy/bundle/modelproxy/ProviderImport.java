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

/** One Model-Proxy provider document ({@code config/providers/<name>.json}, or an entry of a bundle) as a Provider. */
final class ProviderImport {
    static final String DISPLAY_NAME = "modelproxy.io/display-name";

    /** How a source provider was imported: what routes to it need to know. */
    record Imported(String sourceName, String name, Dialect protocol, String variable) {}

    private final ManifestDraft draft;
    private final EndpointImport endpoints;
    private final AuthenticationImport authentication;
    private final ProviderKeyImport keys;

    ProviderImport(ManifestDraft draft, SourceEnvironment environment, Map<String, List<KeyEntry>> bundleKeys) {
        this.draft = draft;
        this.endpoints = new EndpointImport(environment);
        this.authentication = new AuthenticationImport(environment);
        this.keys = new ProviderKeyImport(environment, bundleKeys);
    }

    /** Reads one provider; empty when it has an error (reported) or is disabled (reported, left out). */
    Optional<Imported> read(SourceNode source, String fallbackName, Map<String, Imported> seen) {
        Optional<String> sourceName = source.text("name").or(() -> Optional.ofNullable(fallbackName));
        if (sourceName.isEmpty()) {
            source.error("name", "required but missing");
            return Optional.empty();
        }
        SourceNode provider = source.named("provider " + sourceName.get());
        Optional<String> name = ObjectNames.of(sourceName.get());
        if (name.isEmpty()) {
            provider.error("name", "cannot be made into a Kubernetes object name");
            return Optional.empty();
        }
        if (seen.values().stream().anyMatch(p -> p.name().equals(name.get()))) {
            provider.error("name", "a second provider named " + sourceName.get() + " (object " + name.get() + ")");
            return Optional.empty();
        }
        ObjectNode spec = JsonNodeFactory.instance.objectNode();
        boolean enabled = provider.bool("enabled").orElse(true);
        Dialect protocol = endpoints.read(provider, spec);
        boolean keyed = authentication.read(provider, spec, protocol);
        List<KeyEntry> providerKeys = keyed ? keys.read(provider, sourceName.get()) : List.of();
        if (!keyed) {
            provider.raw("api_keys");
        }
        provider.object("request_config").ifPresent(request -> {
            request.integer("timeout_seconds").ifPresent(t -> spec.put("timeoutSeconds", t));
            request.noEquivalent("default_parameters", "the gateway sends the client's parameters as they are");
            request.noEquivalent("required_parameters", "the gateway sends the client's parameters as they are");
            request.finish(false);
        });
        provider.object("rate_limiting").ifPresent(limits -> {
            limits.integer("cooldown_seconds").ifPresent(c -> spec.put("cooldownSeconds", c));
            limits.finish(false);
        });
        models(provider, spec);
        ErrorPolicyImport.read(provider, spec);
        provider.object("proxy_support").ifPresent(proxy -> {
            boolean on = proxy.bool("enabled").orElse(false);
            Optional<String> url = proxy.text("base_url_override").flatMap(u -> endpoints.url(proxy, "base_url_override", u));
            if (on && url.isPresent()) {
                spec.put("proxy", url.get());
            } else if (on) {
                proxy.warn("enabled", "not imported: no base_url_override gives the proxy's URL");
            }
            proxy.finish(true);
        });
        Optional<String> displayName = provider.text("display_name");
        provider.finish(true);
        String variable = ObjectNames.variable(sourceName.get());
        Imported imported = new Imported(sourceName.get(), name.get(), protocol, variable);
        if (!enabled) {
            provider.warn("enabled", "false: the provider is left out, with every route to it");
            draft.leaveOutProvider(name.get());
            return Optional.of(imported);
        }
        draft.provider(name.get(), provider.file(), provider.object()).setAll(spec);
        displayName.filter(d -> !d.equals(sourceName.get()))
                .ifPresent(d -> draft.annotate(name.get(), DISPLAY_NAME, d));
        draft.keys(name.get(), providerKeys);
        return Optional.of(imported);
    }

    private static void models(SourceNode provider, ObjectNode spec) {
        provider.object("models").ifPresent(models -> {
            ArrayNode catalog = JsonNodeFactory.instance.arrayNode();
            for (String id : models.names().stream().sorted().toList()) {
                models.object(id).ifPresent(model -> {
                    ObjectNode entry = catalog.addObject().put("name", id);
                    model.integer("context_window").or(() -> model.integer("context_length"))
                            .ifPresent(w -> entry.put("contextWindow", w));
                    model.raw("context_length");
                    model.finish(false);
                });
            }
            if (!catalog.isEmpty()) {
                spec.set("models", catalog);
            }
        });
    }
}
