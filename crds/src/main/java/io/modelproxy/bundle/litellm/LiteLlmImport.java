package io.modelproxy.bundle.litellm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.bundle.ImportOptions;
import io.modelproxy.bundle.ImportResult;
import io.modelproxy.bundle.KeyEntry;
import io.modelproxy.bundle.ManifestDraft;
import io.modelproxy.bundle.Report;
import io.modelproxy.bundle.SourceEnvironment;
import io.modelproxy.bundle.SourceNode;
import io.modelproxy.bundle.SourceText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Imports a LiteLLM proxy {@code config.yaml}: each {@code model_name} group of {@code model_list} becomes a
 * LogicalModel whose routes are the group's deployments; deployments sharing a provider prefix, base URL
 * and key share a Provider; {@code router_settings.fallbacks} become LogicalModel fallbacks and
 * {@code general_settings.master_key} a ModelGateway client key.
 */
public final class LiteLlmImport {
    private static final String GATEWAY = "default";
    private static final String CLIENT_SECRET = "gateway-clients";
    /** Top-level sections of a LiteLLM config whose settings Model Proxy has no equivalent for. */
    private static final Set<String> OTHER_SECTIONS = Set.of("include", "guardrails", "credential_list",
            "mcp_servers", "callback_settings", "assistant_settings", "finetune_settings", "files_settings",
            "vector_store_registry", "prompts");

    private final ManifestDraft draft;
    private final Report report;
    private final LiteLlmVariables variables;
    private final LiteLlmProviders providers;
    private final Map<String, LiteLlmGroup> groups = new LinkedHashMap<>();
    private final Set<String> leftOutGroups = new LinkedHashSet<>();

    private LiteLlmImport(ManifestDraft draft, Report report, SourceEnvironment environment) {
        this.draft = draft;
        this.report = report;
        this.variables = new LiteLlmVariables(environment);
        this.providers = new LiteLlmProviders(draft, variables);
    }

    /**
     * Imports one LiteLLM config.
     *
     * @param file its name in notes, e.g. {@code litellm/config.yaml}
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
        Map<String, String> own = new LinkedHashMap<>();
        root.object("environment_variables").ifPresent(variables -> {
            for (String name : variables.names()) {
                variables.raw(name).ifPresent(value -> own.put(name, value.asText()));
            }
        });
        LiteLlmImport conversion = new LiteLlmImport(draft, report,
                new SourceEnvironment(own, options.environment()));
        conversion.convert(root);
        return ImportResult.of(draft, report, options);
    }

    private void convert(SourceNode root) {
        List<SourceNode> entries = root.objects("model_list");
        if (!root.has("model_list")) {
            root.error("model_list", "required but missing");
        }
        for (int i = 0; i < entries.size(); i++) {
            deployment(entries.get(i), i);
        }
        Optional<SourceNode> router = root.object("router_settings");
        Optional<SourceNode> settings = root.object("litellm_settings");
        Map<String, List<String>> fallbacks = new LinkedHashMap<>();
        Map<String, List<String>> aliases = new LinkedHashMap<>();
        Optional<Integer> cooldown = Optional.empty();
        Optional<Integer> timeout = Optional.empty();
        if (router.isPresent()) {
            SourceNode r = router.get();
            r.text("routing_strategy").filter(s -> !s.equals("simple-shuffle")).ifPresent(s -> r.warn("routing_strategy",
                    "not imported: " + s + " has no equivalent; routes are picked by weight (simple-shuffle)"));
            r.noEquivalent("num_retries", "the gateway moves to the next key or route as its error policy says");
            r.noEquivalent("allowed_fails", "a key cools down on its first rate limit or auth failure");
            cooldown = r.integer("cooldown_time");
            timeout = r.integer("timeout");
            readFallbacks(r, fallbacks);
            r.noEquivalent("context_window_fallbacks", "fallbacks do not depend on the error");
            r.noEquivalent("content_policy_fallbacks", "fallbacks do not depend on the error");
            r.object("model_group_alias").ifPresent(table -> {
                for (String alias : table.names()) {
                    Optional<JsonNode> target = table.raw(alias);
                    String group = target.map(t -> t.isObject() ? t.path("model").asText() : t.asText()).orElse("");
                    aliases.computeIfAbsent(group, g -> new ArrayList<>()).add(alias);
                    if (!groups.containsKey(group) && !leftOutGroups.contains(group)) {
                        table.error(alias, "model group " + group + " not found");
                    }
                }
            });
            r.finish(false);
        }
        if (settings.isPresent()) {
            readFallbacks(settings.get(), fallbacks);
            settings.get().finish(false);
        }
        root.object("general_settings").ifPresent(this::general);
        for (String section : OTHER_SECTIONS) {
            root.noEquivalent(section, "Model Proxy has no such feature yet");
        }
        root.finish(true);
        for (String name : providers.names()) {
            cooldown.ifPresent(c -> draft.providerSpec(name).put("cooldownSeconds", c));
        }
        for (Map.Entry<String, LiteLlmGroup> group : groups.entrySet()) {
            group.getValue().write(draft, report, group.getKey(), fallbacks.getOrDefault(group.getKey(), List.of()),
                    aliases.getOrDefault(group.getKey(), List.of()), timeout,
                    f -> leftOutGroups.contains(f) && !groups.containsKey(f));
        }
    }

    private void readFallbacks(SourceNode settings, Map<String, List<String>> fallbacks) {
        List<SourceNode> list = settings.objects("fallbacks");
        for (SourceNode entry : list) {
            for (String group : entry.names()) {
                List<String> targets = entry.texts(group);
                if (!groups.containsKey(group) && !leftOutGroups.contains(group)) {
                    entry.error(group, "model group " + group + " not found");
                    continue;
                }
                for (String target : targets) {
                    if (!groups.containsKey(target) && !leftOutGroups.contains(target)) {
                        entry.error(group, "fallback " + target + " is not a model group");
                    }
                }
                if (leftOutGroups.contains(group)) {
                    entry.warn(group, "not imported: model group " + group + " is left out");
                    continue;
                }
                fallbacks.computeIfAbsent(group, g -> new ArrayList<>()).addAll(targets);
            }
        }
    }

    private void deployment(SourceNode source, int index) {
        String group = source.text("model_name").orElse(null);
        SourceNode entry = source.named("model_list[" + index + "]" + (group == null ? "" : " (" + group + ")"));
        if (group == null) {
            entry.error("model_name", "required but missing");
            return;
        }
        Optional<SourceNode> given = entry.object("litellm_params");
        entry.raw("model_info");
        if (given.isEmpty()) {
            entry.error("litellm_params", "required but missing");
            return;
        }
        SourceNode params = given.get();
        Optional<String> model = params.text("model").map(m -> variables.resolve(params, "model", m));
        if (model.isEmpty()) {
            params.error("model", "required but missing");
            return;
        }
        if (group.contains("*") || model.get().contains("*")) {
            entry.warn(null, "left out: wildcard entries have no equivalent; list each model as its own entry");
            leaveOut(group);
            return;
        }
        String prefix;
        String upstream;
        Optional<String> custom = params.text("custom_llm_provider");
        int slash = model.get().indexOf('/');
        if (custom.isPresent()) {
            prefix = custom.get();
            upstream = slash > 0 && model.get().substring(0, slash).equals(prefix)
                    ? model.get().substring(slash + 1) : model.get();
        } else if (slash > 0) {
            prefix = model.get().substring(0, slash);
            upstream = model.get().substring(slash + 1);
        } else if (LiteLlmProvider.isOpenAiModel(model.get())) {
            prefix = "openai";
            upstream = model.get();
        } else {
            params.error("model", model.get() + " has no provider prefix and is not a well-known OpenAI model; "
                    + "write it as <provider>/" + model.get());
            return;
        }
        Optional<LiteLlmProvider> kind = LiteLlmProvider.of(prefix);
        if (kind.isEmpty()) {
            entry.warn("litellm_params.model", "left out: " + prefix + "/ deployments are not supported "
                    + "(Model Proxy serves OpenAI-compatible and Anthropic APIs)");
            leaveOut(group);
            return;
        }
        Optional<String> providerName = providers.provider(params, kind.get());
        ObjectNode route = JsonNodeFactory.instance.objectNode();
        route.put("model", upstream);
        params.integer("timeout").ifPresent(t -> route.put("timeoutSeconds", t));
        Optional<Integer> weight = params.integer("weight");
        Optional<Integer> rpm = params.integer("rpm");
        Optional<Integer> tpm = params.integer("tpm");
        Optional<Integer> order = params.integer("order");
        rpm.filter(r -> weight.isEmpty()).ifPresent(r -> params.warn("rpm",
                "used as the route's weight; a per-deployment request limit has no equivalent"));
        tpm.filter(t -> weight.isEmpty() && rpm.isEmpty()).ifPresent(t -> params.warn("tpm",
                "used as the route's weight; a per-deployment token limit has no equivalent"));
        weight.or(() -> rpm).or(() -> tpm).ifPresent(w -> route.put("weight", w));
        params.noEquivalent("stream_timeout", "a route has one timeout (timeoutSeconds)");
        params.noEquivalent("max_retries", "the gateway moves to the next key or route as its error policy says");
        params.noEquivalent("api_version", "the Azure OpenAI v1 API takes no api-version");
        params.finish(false);
        entry.object("model_info").ifPresent(info -> {
            info.integer("max_input_tokens").ifPresent(w -> route.put("contextWindow", w));
            info.integer("max_output_tokens").ifPresent(w -> route.put("maxOutputTokens", w));
            info.finish(false);
        });
        entry.finish(true);
        if (providerName.isEmpty()) {
            return;
        }
        route.put("provider", providerName.get());
        groups.computeIfAbsent(group, g -> new LiteLlmGroup(source.file(), "model_name " + g))
                .add(route, order.orElse(Integer.MAX_VALUE), weight.isPresent() || rpm.isPresent() || tpm.isPresent());
    }

    private void leaveOut(String group) {
        if (!groups.containsKey(group)) {
            leftOutGroups.add(group);
        }
    }

    private void general(SourceNode general) {
        general.text("master_key").ifPresent(key -> {
            KeyEntry withValue = variables.masterKey(key);
            draft.gateway(GATEWAY, general.file(), "general_settings").putObject("clientKeys")
                    .putObject("secretRef").put("name", CLIENT_SECRET);
            draft.secretEntry(CLIENT_SECRET, "master", withValue);
        });
        for (String field : general.names()) {
            if (!field.equals("master_key")) {
                general.noEquivalent(field, "Model Proxy has no such setting");
            }
        }
    }
}
