package io.modelproxy.config;

import io.modelproxy.api.LogicalModel;
import io.modelproxy.api.LogicalModelSpec;
import io.modelproxy.manifest.Manifest;

/**
 * A held-back LogicalModel rebuilt from its previous compiled form, so the next compile resolves its
 * name, aliases, routes and fallbacks against what remains, exactly like any other model. Every default
 * is explicit in a compiled form, so it compiles back to itself.
 */
final class PreviousForm {
    private PreviousForm() {}

    /**
     * @param compiled the model as the previous config holds it
     * @param source the version it was compiled from
     * @param current the object's current (invalid) version, whose labels still decide which gateway selects it; may be null
     */
    static Manifest<LogicalModel> of(ModelConfig compiled, ObjectSource source, Manifest<LogicalModel> current) {
        LogicalModel model = new LogicalModel();
        model.getMetadata().setName(source.name());
        model.getMetadata().setGeneration(source.generation());
        if (current != null) {
            model.getMetadata().setNamespace(current.object().getMetadata().getNamespace());
            model.getMetadata().setLabels(current.object().getMetadata().getLabels());
        }
        ModelConfig.SystemPrompt prompt = compiled.systemPrompt();
        ModelConfig.ToolCallEnforcement enforcement = compiled.toolCallEnforcement();
        model.setSpec(new LogicalModelSpec(
                compiled.name(),
                compiled.aliases(),
                compiled.contextWindow(),
                compiled.defaultMaxTokens(),
                compiled.timeoutSeconds(),
                compiled.strategy(),
                compiled.routes().stream().map(r -> new LogicalModelSpec.Route(r.provider(), r.model(), r.weight(),
                        r.contextWindow(), r.maxOutputTokens(), r.timeoutSeconds())).toList(),
                compiled.fallbacks(),
                prompt == null ? null : new LogicalModelSpec.SystemPromptEdits(prompt.replacements().stream()
                        .map(r -> new LogicalModelSpec.Replacement(r.find(), r.replace())).toList(), prompt.append()),
                enforcement == null ? null : new LogicalModelSpec.ToolCallEnforcement(enforcement.enabled(),
                        enforcement.maxRetries(), enforcement.terminationFlag(), enforcement.guidance()),
                difficultyRouting(compiled.difficultyRouting()),
                compiled.operations()));
        return new Manifest<>(source.file() == null ? source.id() : source.file(), model);
    }

    private static LogicalModelSpec.DifficultyRouting difficultyRouting(ModelConfig.DifficultyRouting compiled) {
        if (compiled == null) {
            return null;
        }
        ModelConfig.Classifier c = compiled.classifier();
        ModelConfig.Heuristic h = c.heuristic();
        boolean sticky = compiled.stickySeconds() > 0;
        return new LogicalModelSpec.DifficultyRouting(
                new LogicalModelSpec.Classifier(c.model(), h == null ? null : new LogicalModelSpec.Heuristic(
                        h.easyMaxChars(), h.hardMinChars(), h.easyMaxTurns(), h.hardMinTurns(), h.easyMaxTools(),
                        h.hardMinTools(), h.hardKeywords()), c.timeoutMillis(), c.retries(), c.backoffMillis()),
                new LogicalModelSpec.Targets(compiled.targets().get("easy"), compiled.targets().get("medium"),
                        compiled.targets().get("hard")),
                sticky, sticky ? compiled.stickySeconds() : null, compiled.exposeHeaders());
    }
}
