package io.modelproxy.bundle.modelproxy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.api.ErrorAction;
import io.modelproxy.api.Dialect;
import io.modelproxy.bundle.KeyEntry;
import io.modelproxy.bundle.ManifestDraft;
import io.modelproxy.bundle.ObjectNames;
import io.modelproxy.bundle.SourceEnvironment;
import io.modelproxy.bundle.SourceNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** One Model-Proxy provider document ({@code config/providers/<name>.json}, or an entry of a bundle) as a Provider. */
final class ProviderImport {
    static final String DISPLAY_NAME = "modelproxy.io/display-name";

    /** How a source provider was imported: what routes to it need to know. */
    record Imported(String sourceName, String name, Dialect protocol, String variable) {}

    private final ManifestDraft draft;
    private final SourceEnvironment environment;
    private final Map<String, List<KeyEntry>> bundleKeys;

    ProviderImport(ManifestDraft draft, SourceEnvironment environment, Map<String, List<KeyEntry>> bundleKeys) {
        this.draft = draft;
        this.environment = environment;
        this.bundleKeys = bundleKeys;
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
        Dialect protocol = endpoints(provider, spec);
        boolean keyed = authentication(provider, spec, protocol);
        List<KeyEntry> keys = keyed ? keys(provider, sourceName.get()) : List.of();
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
        errorPolicy(provider, spec);
        provider.object("proxy_support").ifPresent(proxy -> {
            boolean on = proxy.bool("enabled").orElse(false);
            Optional<String> url = proxy.text("base_url_override").flatMap(u -> url(proxy, "base_url_override", u));
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
        draft.keys(name.get(), keys);
        return Optional.of(imported);
    }

    private Dialect endpoints(SourceNode provider, ObjectNode spec) {
        Optional<SourceNode> given = provider.object("endpoints");
        if (given.isEmpty()) {
            provider.error("endpoints", "required but missing (endpoints.base_url is the provider's URL)");
            return Dialect.OpenAIChat;
        }
        SourceNode endpoints = given.get();
        Dialect protocol = endpoints.text("compatible_format").map(f -> protocol(endpoints, "compatible_format", f))
                .orElse(Dialect.OpenAIChat);
        spec.put("protocol", protocol.name());
        Optional<String> baseUrl = endpoints.text("base_url").flatMap(u -> url(endpoints, "base_url", u));
        if (!endpoints.has("base_url")) {
            endpoints.error("base_url", "required but missing");
        }
        String base = baseUrl.orElse("");
        String standard = standardPath(protocol);
        Optional<String> completions = endpoints.text("completions");
        if (completions.isPresent() && completions.get().equals("/v1" + standard) && !base.endsWith("/v1")) {
            base = base + "/v1";  // the gateway appends only the endpoint, so the version goes into the base URL
        } else if (completions.isPresent() && !completions.get().equals(standard)) {
            endpoints.warn("completions", "not imported: the gateway always posts to {baseUrl}" + standard);
        }
        endpoints.text("streaming").filter(s -> !s.equals(completions.orElse(standard)))
                .ifPresent(s -> endpoints.warn("streaming", "not imported: streams go to the completions endpoint"));
        endpoints.text("responses").filter(r -> !r.endsWith("/responses"))
                .ifPresent(r -> endpoints.warn("responses", "not imported: the gateway always posts to {baseUrl}/responses"));
        endpoints.noEquivalent("audio_transcriptions", "the gateway always posts to {baseUrl}/audio/transcriptions for"
                + " a LogicalModel with operations: [Transcription]");
        endpoints.finish(true);
        if (baseUrl.isPresent()) {
            spec.put("baseUrl", base);
        }
        return protocol;
    }

    static Dialect protocol(SourceNode node, String field, String format) {
        return switch (format) {
            case "openai" -> Dialect.OpenAIChat;
            case "azure" -> {
                node.warn(field, "legacy azure is read as openai (the OpenAI-compatible Azure v1 API)");
                yield Dialect.OpenAIChat;
            }
            case "anthropic" -> Dialect.AnthropicMessages;
            case "responses" -> Dialect.OpenAIResponses;
            default -> {
                node.error(field, "unknown format " + format + " (expected openai, anthropic or responses)");
                yield Dialect.OpenAIChat;
            }
        };
    }

    static String standardPath(Dialect protocol) {
        return switch (protocol) {
            case OpenAIChat -> "/chat/completions";
            case OpenAIResponses -> "/responses";
            case AnthropicMessages -> "/messages";
            case Mock -> throw new IllegalArgumentException("a Mock provider has no endpoint");
        };
    }

    private Optional<String> url(SourceNode node, String field, String given) {
        Optional<String> expanded = environment.expand(given);
        if (expanded.isEmpty()) {
            node.error(field, "uses " + String.join(", ", SourceEnvironment.references(given).stream()
                    .filter(v -> environment.value(v).isEmpty()).map(v -> "${" + v + "}").toList())
                    + ", which neither the source's environment nor this one sets");
            return Optional.empty();
        }
        if (!expanded.get().matches("^https?://[^\\s/$.?#].[^\\s]*$")) {
            node.error(field, "not an http:// or https:// URL");
            return Optional.empty();
        }
        return expanded.map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
    }

    /** Writes {@code auth} and {@code headers}; false when the provider sends no key at all. */
    private boolean authentication(SourceNode provider, ObjectNode spec, Dialect protocol) {
        Optional<SourceNode> given = provider.object("authentication");
        if (given.isEmpty()) {
            return true;
        }
        SourceNode auth = given.get();
        String type = auth.text("type").orElse(protocol == Dialect.AnthropicMessages ? "x-api-key" : "bearer");
        String header;
        String scheme;
        switch (type) {
            case "bearer", "api_key", "azure_key" -> {
                header = "Authorization";
                scheme = "Bearer";
            }
            case "x-api-key" -> {
                header = "x-api-key";
                scheme = "";
            }
            case "api-key-header" -> {
                header = auth.text("header_name").orElse(null);
                if (header == null) {
                    auth.error("header_name", "required for type api-key-header");
                }
                scheme = "";
            }
            case "none" -> {
                auth.warn("type", "none: the Provider gets no keys, so the gateway forwards the client's own credential");
                header = null;
                scheme = null;
            }
            default -> {
                auth.error("type", "unknown type " + type + " (expected bearer, x-api-key, api-key-header or none)");
                header = null;
                scheme = null;
            }
        }
        if (header != null) {
            header = auth.text("header_name").orElse(header);
            scheme = auth.text("header_format").map(f -> scheme(auth, f)).orElse(scheme);
            boolean isDefault = protocol == Dialect.AnthropicMessages
                    ? header.equalsIgnoreCase("x-api-key") && scheme.isEmpty()
                    : header.equalsIgnoreCase("Authorization") && scheme.equals("Bearer");
            if (!isDefault) {
                spec.putObject("auth").put("header", header).put("scheme", scheme);
            }
        } else {
            auth.raw("header_name");
            auth.raw("header_format");
        }
        auth.object("additional_headers").ifPresent(headers -> {
            ObjectNode target = spec.putObject("headers");
            for (String name : headers.names()) {
                headers.text(name).ifPresent(value -> {
                    Optional<String> expanded = environment.expand(value);
                    if (expanded.isPresent()) {
                        target.put(name, expanded.get());
                    } else {
                        headers.error(name, "uses a ${VAR} that neither the source's environment nor this one sets");
                    }
                });
            }
        });
        auth.finish(true);
        return header != null;
    }

    /** {@code Bearer {api_key}} gives {@code Bearer}; {@code {api_key}} gives no scheme. */
    private static String scheme(SourceNode auth, String format) {
        String placeholder = "{api_key}";
        if (!format.endsWith(placeholder)) {
            auth.error("header_format", "can only be '<scheme> {api_key}' or '{api_key}'");
            return "";
        }
        String scheme = format.substring(0, format.length() - placeholder.length()).strip();
        if (scheme.contains(" ") || scheme.contains("{")) {
            auth.error("header_format", "can only be '<scheme> {api_key}' or '{api_key}'");
            return "";
        }
        return scheme;
    }

    private List<KeyEntry> keys(SourceNode provider, String sourceName) {
        String variable = ObjectNames.variable(sourceName);
        List<String> patterns = KeyPatterns.defaults();
        Optional<String> defaultValue = Optional.empty();
        Optional<SourceNode> apiKeys = provider.object("api_keys");
        if (apiKeys.isPresent()) {
            List<String> given = apiKeys.get().texts("env_var_patterns");
            if (!given.isEmpty()) {
                patterns = given;
            }
            defaultValue = apiKeys.get().text("default_value");
            apiKeys.get().finish(true);
        }
        List<KeyEntry> keys = new ArrayList<>();
        List<KeyEntry> listed = bundleKeys.get(sourceName);
        if (listed != null) {
            keys.addAll(listed.stream()
                    .map(k -> new KeyEntry(k.variable(), k.value() != null ? k.value()
                            : environment.value(k.variable()).orElse(null)))
                    .toList());
        } else {
            List<String> names = KeyPatterns.expand(patterns, variable, environment.names());
            if (names.isEmpty()) {
                names = KeyPatterns.expand(patterns, variable, Set.of());
                provider.warn("api_keys.env_var_patterns", "no variable of the environment matches; the Secret "
                        + "reads each pattern's first name");
            }
            names.forEach(n -> keys.add(new KeyEntry(n, environment.value(n).orElse(null))));
        }
        defaultValue.ifPresent(value -> {
            apiKeys.orElseThrow().warn("default_value", "imported as the last key, " + variable
                    + "_DEFAULT_API_KEY (its value is written only with --include-secret-values)");
            keys.add(new KeyEntry(variable + "_DEFAULT_API_KEY", value));
        });
        return keys;
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

    private static void errorPolicy(SourceNode provider, ObjectNode spec) {
        provider.object("error_handling").ifPresent(table -> {
            TreeMap<Integer, String> statuses = new TreeMap<>();
            for (String status : table.names()) {
                if (status.matches("[1-5][0-9][0-9]")) {
                    statuses.put(Integer.parseInt(status), status);
                } else {
                    table.raw(status);
                    table.error(status, "not an HTTP status (100 to 599)");
                }
            }
            ArrayNode rules = JsonNodeFactory.instance.arrayNode();
            statuses.forEach((code, status) -> table.object(status).ifPresent(rule -> {
                Optional<String> action = rule.text("action");
                Optional<Integer> cooldown = rule.integer("cooldown_seconds");
                rule.finish(false);
                if (action.isEmpty()) {
                    rule.error("action", "required but missing");
                    return;
                }
                Optional<ErrorAction> mapped = action(rule, action.get());
                mapped.ifPresent(a -> {
                    ObjectNode out = rules.addObject();
                    out.putArray("status").add(code);
                    out.put("action", a.name());
                    boolean cools = a == ErrorAction.CooldownKeyForModel || a == ErrorAction.CooldownKeyForProvider;
                    if (cools) {
                        cooldown.ifPresent(c -> out.put("cooldownSeconds", c));
                    } else if (cooldown.isPresent()) {
                        rule.warn("cooldown_seconds", "not imported: " + a.name() + " cools nothing down");
                    }
                });
            }));
            if (!rules.isEmpty()) {
                spec.set("errorPolicy", rules);
            }
        });
    }

    private static Optional<ErrorAction> action(SourceNode rule, String action) {
        return switch (action) {
            case "model_key_failure" -> Optional.of(ErrorAction.CooldownKeyForModel);
            case "global_key_failure" -> Optional.of(ErrorAction.CooldownKeyForProvider);
            case "provider_cooldown", "cooldown" -> {
                rule.warn("action", action + " is imported as FallBack: there is no provider-wide pause, the gateway "
                        + "falls back to the next route and repeated failures open that route's circuit");
                yield Optional.of(ErrorAction.FallBack);
            }
            case "fallback_no_cooldown" -> Optional.of(ErrorAction.FallBack);
            case "pass_through", "ignore" -> Optional.of(ErrorAction.Return);
            case "auto_fix_tool_responses" -> {
                rule.warn("action", "not imported: auto_fix_tool_responses has no equivalent; the default policy applies");
                yield Optional.empty();
            }
            default -> {
                rule.error("action", "unknown action " + action + " (expected model_key_failure, global_key_failure, "
                        + "provider_cooldown, fallback_no_cooldown, auto_fix_tool_responses or pass_through)");
                yield Optional.empty();
            }
        };
    }
}
