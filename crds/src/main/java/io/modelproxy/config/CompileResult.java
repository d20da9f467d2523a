package io.modelproxy.config;

import io.modelproxy.manifest.Problem;
import java.util.List;
import java.util.Optional;

/**
 * What {@link ConfigCompiler} produced: the config to serve, every problem found on the way (reading
 * problems first, in file order), and the objects held back.
 *
 * <p>{@link ConfigCompiler#compile} is all or nothing: no config when there is an error.
 * {@link ConfigCompiler#accept} judges each object on its own: the config then holds every valid object
 * and, for each invalid one, its last valid form ({@link #heldBack()}).
 *
 * @param config the config to serve; null when nothing can be served
 * @param problems every problem, in a stable order (same input, same list)
 * @param heldBack the objects whose current version is not in the config, by kind and name
 * @param keptPrevious whether nothing usable remained, so the previous config is kept whole
 */
public record CompileResult(GatewayConfig config, List<Problem> problems, List<HeldBack> heldBack, boolean keptPrevious) {
    public CompileResult {
        problems = List.copyOf(problems);
        heldBack = List.copyOf(heldBack);
    }

    public Optional<GatewayConfig> gatewayConfig() {
        return Optional.ofNullable(config);
    }

    public boolean hasErrors() {
        return problems.stream().anyMatch(Problem::isError);
    }

    public List<Problem> errors() {
        return problems.stream().filter(Problem::isError).toList();
    }

    public List<Problem> warnings() {
        return problems.stream().filter(p -> !p.isError()).toList();
    }

    /** The problems about one object. */
    public List<Problem> about(String kind, String name) {
        return problems.stream().filter(p -> kind.equals(p.kind()) && name.equals(p.name())).toList();
    }

    /** The held-back entry of one object, if it is held back. */
    public Optional<HeldBack> heldBack(String kind, String name) {
        return heldBack.stream().filter(h -> h.kind().equals(kind) && h.name().equals(name)).findFirst();
    }
}
