package io.modelproxy.bundle.litellm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.bundle.KeyEntry;
import io.modelproxy.bundle.ManifestDraft;
import io.modelproxy.bundle.ObjectNames;
import io.modelproxy.bundle.SourceNode;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The Providers a LiteLLM import writes: deployments sharing a prefix, base URL and key share one. */
final class LiteLlmProviders {
    private final ManifestDraft draft;
    private final LiteLlmVariables variables;
    /** Providers by what makes two deployments share one: prefix, base URL and key. */
    private final Map<String, String> providers = new LinkedHashMap<>();

    LiteLlmProviders(ManifestDraft draft, LiteLlmVariables variables) {
        this.draft = draft;
        this.variables = variables;
    }

    /** The names of the Providers written so far, in the order they were first used. */
    Collection<String> names() {
        return providers.values();
    }

    /** The Provider for a deployment: one per prefix, base URL and key, created on first use. */
    Optional<String> provider(SourceNode params, LiteLlmProvider kind) {
        Optional<String> apiBase = params.text("api_base").map(b -> variables.resolve(params, "api_base", b))
                .map(b -> b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
        if (kind.baseUrl() == null && apiBase.isEmpty()) {
            params.error("api_base", "required for " + kind.prefix() + "/ deployments");
            return Optional.empty();
        }
        String baseUrl = apiBase.map(b -> b + kind.basePath()).orElse(kind.baseUrl());
        if (!baseUrl.matches("^https?://\\S+$")) {
            params.error("api_base", "not an http:// or https:// URL");
            return Optional.empty();
        }
        Optional<String> apiKey = params.text("api_key");
        String identity = kind.prefix() + " " + baseUrl + " " + apiKey.orElse("");
        String existing = providers.get(identity);
        if (existing != null) {
            return Optional.of(existing);
        }
        String name = freeName(ObjectNames.of(kind.prefix()).orElseThrow());
        ObjectNode spec = draft.provider(name, params.file(), "provider " + name);
        spec.put("protocol", kind.protocol().name());
        spec.put("baseUrl", baseUrl);
        if (kind.keyHeader() != null) {
            spec.putObject("auth").put("header", kind.keyHeader()).put("scheme", "");
        }
        providers.put(identity, name);
        Optional<KeyEntry> key = apiKey.map(k -> variables.key(k, name))
                .or(() -> Optional.ofNullable(kind.keyVariable()).map(variables::variable));
        if (key.isPresent()) {
            draft.keys(name, List.of(key.get()));
        } else {
            params.warn("api_key", "none given: Provider " + name + " forwards the client's own credential");
        }
        return Optional.of(name);
    }

    private String freeName(String base) {
        String name = base;
        for (int n = 2; draft.hasProvider(name); n++) {
            name = base + "-" + n;
        }
        return name;
    }
}
