package io.modelproxy.config;

import io.modelproxy.manifest.Problem;
import java.util.List;
import java.util.Optional;

/**
 * What {@link ConfigCompiler#compile} produced: the config, and every problem found on the way
 * (reading problems first, in file order), errors and warnings.
 *
 * @param config the compiled config; null when there is an error
 * @param problems every problem, in a stable order (same input, same list)
 */
public record CompileResult(GatewayConfig config, List<Problem> problems) {
    public CompileResult {
        problems = List.copyOf(problems);
        if (config != null && problems.stream().anyMatch(Problem::isError)) {
            throw new IllegalArgumentException("a config with errors must not be produced");
        }
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
}
