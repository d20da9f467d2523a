package io.modelproxy.bundle.pythonllmproxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.api.Dialect;
import io.modelproxy.bundle.ImportOptions;
import io.modelproxy.bundle.ImportResult;
import io.modelproxy.bundle.KeyEntry;
import io.modelproxy.bundle.ManifestDraft;
import io.modelproxy.bundle.ObjectNames;
import io.modelproxy.bundle.Report;
import io.modelproxy.bundle.SourceEnvironment;
import io.modelproxy.bundle.SourceNode;
import io.modelproxy.bundle.SourceText;
import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Imports a python-llm-proxy {@code config.yaml}: each {@code models[]} entry becomes a LogicalModel with one
 * route; entries sharing a backend (URL, dialect, key and auth header) share a Provider, and an empty
 * {@code backend_api_key} gives a Provider without keys, which forwards the client's own credential.
 */
public final class PythonLlmProxyImport {
    private static final Pattern VARIABLE = Pattern.compile("^\\$\\{?([A-Za-z_][A-Za-z0-9_]*)}?$");
    /** The label by which a ModelGateway path prefix selects the models python-llm-proxy served under it. */
    static final String PATH_PREFIX_LABEL = "modelproxy.io/path-prefix";
    private static final String GATEWAY = "default";
    private static final Pattern PREFIX = Pattern.compile("^(/[A-Za-z0-9._~-]+)+$");
    private static final Pattern LABEL_VALUE = Pattern.compile("^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$");
    private static final Set<String> RESERVED = Set.of("v1", "openai", "anthropic", "health", "healthz", "metrics", "docs", "setup");

    private final ManifestDraft draft;
    private final SourceEnvironment environment;
    private final Map<String, String> providers = new HashMap<>();
    /** Frontend model name to the path prefix it was first seen under. */
    private final Map<String, String> prefixes = new LinkedHashMap<>();

    private PythonLlmProxyImport(ManifestDraft draft, SourceEnvironment environment) {
        this.draft = draft;
        this.environment = environment;
    }

    /**
     * Imports one python-llm-proxy config.
     *
     * @param file its name in notes
     * @param yaml its content
     */
    public static ImportResult read(String file, String yaml, ImportOptions options) {
        Report report = new Report();
        ManifestDraft draft = new ManifestDraft(options.includeSecretValues());
        Optional<SourceNode> parsed = SourceText.yaml(file, yaml, report);
        if (parsed.isEmpty()) {
            return ImportResult.of(draft, report, options);
        }
        SourceNode root = parsed.get();
        PythonLlmProxyImport conversion = new PythonLlmProxyImport(draft,
                new SourceEnvironment(Map.of(), options.environment()));
        root.object("server").ifPresent(server -> {
            server.integer("port").ifPresent(port -> draft.gatewaySpec(GATEWAY, file, "server")
                    .putObject("service").put("port", port));
            server.finish(false);
        });
        List<SourceNode> models = root.objects("models");
        if (!root.has("models")) {
            root.error("models", "required but missing");
        }
        for (int i = 0; i < models.size(); i++) {
            conversion.model(models.get(i), i);
        }
        root.finish(true);
        return ImportResult.of(draft, report, options);
    }

    private void model(SourceNode source, int index) {
        Optional<String> frontend = source.text("frontend_model_name");
        SourceNode entry = source.named("models[" + index + "]" + frontend.map(f -> " (" + f + ")").orElse(""));
        if (frontend.isEmpty()) {
            entry.error("frontend_model_name", "required but missing");
            return;
        }
        String prefix = entry.text("frontend_base_url").map(p -> p.replaceAll("/+$", "")).orElse("");
        entry.text("frontend_dialect").ifPresent(d -> dialect(entry, "frontend_dialect", d));
        Optional<String> backendModel = entry.text("backend_model_name");
        Optional<String> backendUrl = entry.text("backend_base_url");
        Optional<String> apiKey = entry.text("backend_api_key");
        Optional<String> header = entry.text("backend_auth_header");
        Optional<String> scheme = entry.text("backend_auth_schema");
        Optional<String> backendDialect = entry.text("backend_dialect");
        ObjectNode systemPrompt = JsonNodeFactory.instance.objectNode();
        entry.raw("system_replacements").ifPresent(r -> replacements(entry, r, systemPrompt));
        entry.text("system_append").ifPresent(a -> systemPrompt.put("append", a));
        entry.noEquivalent("inject_progress", "Model Proxy has no such feature yet");
        entry.finish(true);
        if (backendModel.isEmpty()) {
            entry.error("backend_model_name", "required but missing");
        }
        if (backendUrl.isEmpty()) {
            entry.error("backend_base_url", "required but missing");
        }
        if (backendModel.isEmpty() || backendUrl.isEmpty()) {
            return;
        }
        Optional<String> name = ObjectNames.of(frontend.get());
        if (name.isEmpty()) {
            entry.error("frontend_model_name", "cannot be made into a Kubernetes object name");
            return;
        }
        Optional<String> label = Optional.empty();
        if (!prefix.isEmpty() && !prefix.equals("/")) {
            label = pathPrefixLabel(prefix);
            if (label.isEmpty()) {
                entry.warn("frontend_base_url", "not imported: " + prefix + " cannot be a ModelGateway path prefix"
                        + " (one or more segments of letters, digits and ._~-, not /v1, /openai, /anthropic or the"
                        + " gateway's own paths); the model is served at the root");
                prefix = "";
            }
        }
        String first = prefixes.putIfAbsent(frontend.get(), prefix);
        if (first != null) {
            if (first.equals(prefix)) {
                entry.error("frontend_model_name", frontend.get() + " is defined twice");
            } else {
                entry.warn("frontend_model_name", "left out: " + frontend.get() + " is already served under "
                        + (first.isEmpty() ? "the root" : first) + ", and a model name means one model across a"
                        + " gateway's path prefixes");
            }
            return;
        }
        Dialect protocol = backendDialect.map(d -> dialect(entry, "backend_dialect", d)).orElse(Dialect.OpenAIChat);
        if (backendDialect.filter("bedrock"::equals).isPresent()) {
            entry.warn("backend_dialect", "left out: bedrock backends are not supported "
                    + "(Model Proxy serves OpenAI-compatible and Anthropic APIs)");
            return;
        }
        String base = backendUrl.get().replaceAll("/+$", "");
        if (!base.matches("^https?://\\S+$")) {
            entry.error("backend_base_url", "not an http:// or https:// URL");
            return;
        }
        String provider = provider(entry, base, protocol, apiKey.orElse(""), header, scheme);
        ObjectNode spec = draft.model(name.get(), entry.file(), entry.object());
        if (!name.get().equals(frontend.get())) {
            spec.put("modelName", frontend.get());
        }
        spec.putArray("routes").addObject().put("provider", provider).put("model", backendModel.get());
        if (label.isPresent()) {
            pathPrefix(entry, name.get(), prefix, label.get());
        }
        if (!systemPrompt.isEmpty()) {
            spec.set("systemPrompt", systemPrompt);
        }
    }

    /** The label value a prefix's models carry ({@code /team-a} is {@code team-a}), or empty when it cannot be a prefix. */
    private static Optional<String> pathPrefixLabel(String prefix) {
        if (!PREFIX.matcher(prefix).matches() || RESERVED.contains(prefix.substring(1).split("/")[0])) {
            return Optional.empty();
        }
        String value = prefix.substring(1).replace('/', '.').replace('~', '-');
        return LABEL_VALUE.matcher(value).matches() ? Optional.of(value) : Optional.empty();
    }

    /**
     * Serves the model under the prefix: a label on the model, and (once per prefix) an entry in the
     * ModelGateway's pathPrefixes selecting that label. Model Proxy also serves it at the root, as every model.
     */
    private void pathPrefix(SourceNode entry, String model, String prefix, String label) {
        draft.labelModel(model, PATH_PREFIX_LABEL, label);
        if (prefixes.values().stream().filter(prefix::equals).count() > 1) {
            return;
        }
        ObjectNode gateway = draft.gatewaySpec(GATEWAY, entry.file(), entry.object());
        ArrayNode list = gateway.has("pathPrefixes") ? (ArrayNode) gateway.get("pathPrefixes") : gateway.putArray("pathPrefixes");
        list.addObject().put("prefix", prefix).putObject("modelSelector").putObject("matchLabels").put(PATH_PREFIX_LABEL, label);
        entry.warn("frontend_base_url", "served under " + prefix + " (ModelGateway " + GATEWAY + " spec.pathPrefixes,"
                + " selecting label " + PATH_PREFIX_LABEL + "=" + label + ") and, as every model, at the root");
    }

    private static Dialect dialect(SourceNode entry, String field, String dialect) {
        return switch (dialect) {
            case "openai-chat", "openai" -> Dialect.OpenAIChat;
            case "openai-responses" -> Dialect.OpenAIResponses;
            case "claude", "anthropic" -> Dialect.AnthropicMessages;
            case "bedrock" -> {
                if (field.startsWith("frontend")) {
                    entry.error(field, "unknown dialect bedrock (expected openai-chat, openai-responses or claude)");
                }
                yield Dialect.AnthropicMessages;
            }
            default -> {
                entry.error(field, "unknown dialect " + dialect + " (expected openai-chat, openai-responses, claude"
                        + (field.startsWith("backend") ? " or bedrock" : "") + ")");
                yield Dialect.OpenAIChat;
            }
        };
    }

    /** {@code {old: new}}, or a list of {@code {find, replace}}, in order. */
    private static void replacements(SourceNode entry, JsonNode given, ObjectNode systemPrompt) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        if (given.isObject()) {
            given.properties().forEach(e -> out.addObject().put("find", e.getKey()).put("replace", e.getValue().asText()));
        } else if (given.isArray()) {
            for (int i = 0; i < given.size(); i++) {
                JsonNode r = given.get(i);
                if (!r.isObject() || !r.path("find").isTextual()
                        || r.properties().stream().anyMatch(e -> !Set.of("find", "replace").contains(e.getKey()))) {
                    entry.error("system_replacements[" + i + "]", "expected {find: text, replace: text}");
                    continue;
                }
                out.addObject().put("find", r.get("find").asText()).put("replace", r.path("replace").asText(""));
            }
        } else {
            entry.error("system_replacements", "expected a mapping of old text to new text, or a list of {find, replace}");
        }
        if (!out.isEmpty()) {
            systemPrompt.set("replacements", out);
        }
    }

    /** The Provider for one backend, created on first use and named after its host. */
    private String provider(SourceNode entry, String baseUrl, Dialect protocol, String apiKey,
            Optional<String> header, Optional<String> scheme) {
        String identity = String.join(" ", baseUrl, protocol.name(), apiKey, header.orElse(""), scheme.orElse("-"));
        String existing = providers.get(identity);
        if (existing != null) {
            return existing;
        }
        String host = Optional.ofNullable(URI.create(baseUrl).getHost()).orElse("backend")
                .replaceFirst("^api\\.", "").replaceFirst("\\.(com|ai|io|org|net|dev)$", "");
        String base = ObjectNames.of(host).orElse("backend");
        String name = base;
        for (int n = 2; draft.hasProvider(name); n++) {
            name = base + "-" + n;
        }
        providers.put(identity, name);
        ObjectNode spec = draft.provider(name, entry.file(), "backend " + baseUrl);
        spec.put("protocol", protocol.name());
        spec.put("baseUrl", baseUrl);
        if (header.isPresent() || scheme.isPresent()) {
            boolean anthropic = protocol == Dialect.AnthropicMessages;
            String h = header.orElse(anthropic ? "x-api-key" : "Authorization");
            String s = scheme.orElse(anthropic ? "" : "Bearer");
            boolean isDefault = anthropic ? h.equalsIgnoreCase("x-api-key") && s.isEmpty()
                    : h.equalsIgnoreCase("Authorization") && s.equals("Bearer");
            if (!isDefault) {
                spec.putObject("auth").put("header", h).put("scheme", s);
            }
        }
        if (apiKey.isEmpty()) {
            entry.warn("backend_api_key", "empty: Provider " + name + " has no keys and forwards the client's own "
                    + "credential");
            return name;
        }
        Matcher variable = VARIABLE.matcher(apiKey);
        KeyEntry key = variable.matches()
                ? new KeyEntry(variable.group(1), environment.value(variable.group(1)).orElse(null))
                : new KeyEntry(ObjectNames.variable(name) + "_API_KEY", apiKey);
        draft.keys(name, List.of(key));
        return name;
    }
}
