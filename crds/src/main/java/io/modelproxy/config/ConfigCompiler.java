package io.modelproxy.config;

import io.modelproxy.api.Provider;
import io.modelproxy.manifest.Manifest;
import io.modelproxy.manifest.ManifestSet;
import io.modelproxy.manifest.Problem;
import io.modelproxy.manifest.SecretManifest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compiles a {@link ManifestSet} into the {@link GatewayConfig} one gateway runs from: checks what the CRD
 * schema would check at {@code kubectl apply} (standalone has no API server), resolves provider, fallback,
 * alias and key references, and applies every default ({@link ConfigDefaults}), so the gateway never guesses.
 *
 * <p>Only the ModelGateway's models (its selector's, plus every model their fallbacks reach) and the
 * Providers they route to are resolved and included; a broken object that this gateway does not use does
 * not block it. Same input, same output byte for byte: models and providers are sorted by name, because
 * the operator hashes the JSON.
 */
public final class ConfigCompiler {
    public static final int DEFAULT_TOOL_RETRIES = ConfigDefaults.TOOL_RETRIES;
    public static final String DEFAULT_TERMINATION_FLAG = ConfigDefaults.TERMINATION_FLAG;

    private ConfigCompiler() {}

    /**
     * Compiles the manifests for one gateway, all or nothing: what {@code model-proxy compile} and
     * {@code validate} check, where any error must fail.
     *
     * @param set manifests, with the problems met while reading them
     * @param gatewayName the ModelGateway to compile; null for the only one, or for standalone defaults
     *     ({@link GatewaySettings#defaults()}, every LogicalModel) when there is none
     * @return the config when there is no error, every problem (reading problems included), and the
     *     objects a running gateway without a previous config would leave out
     */
    public static CompileResult compile(ManifestSet set, String gatewayName) {
        CompileResult accepted = ObjectAcceptance.accept(set, gatewayName, null);
        return new CompileResult(accepted.hasErrors() ? null : accepted.config(), accepted.problems(),
                accepted.heldBack(), false);
    }

    /**
     * Compiles the manifests for a running gateway, object by object: each invalid object is held back
     * (its form in {@code previous} keeps serving) or left out when {@code previous} has none, and the
     * rest is compiled with what remains. Only when nothing usable remains is {@code previous} kept whole.
     * A pure function: the operator passes the config of the ConfigMap it wrote, the standalone gateway
     * the config it serves.
     *
     * @param previous the config accepted last, or null on a first start
     * @return the config to serve (null when there is none), every problem as {@link #compile} reports it,
     *     and the held-back objects
     */
    public static CompileResult accept(ManifestSet set, String gatewayName, GatewayConfig previous) {
        return ObjectAcceptance.accept(set, gatewayName, previous);
    }

    /**
     * One Provider as any gateway routing to it would compile it: its key references resolved against
     * the set's Secrets and every default applied, whether or not a model routes to it.
     *
     * @param name the Provider's metadata.name
     * @return its config, or empty when it cannot serve (an error, or no key set), and the problems about it
     */
    public static ProviderResult compileProvider(ManifestSet set, String name) {
        List<Problem> problems = new ArrayList<>();
        Map<String, SecretManifest> secrets = new LinkedHashMap<>();
        set.secrets().forEach(s -> secrets.putIfAbsent(s.name(), s));
        Optional<Manifest<Provider>> provider = set.providers().stream().filter(p -> p.name().equals(name)).findFirst();
        if (provider.isEmpty()) {
            return new ProviderResult(Optional.empty(), List.of());
        }
        problems.addAll(SchemaValidator.validate(provider.get(), provider.get().object().getSpec()));
        problems.addAll(ProviderRules.check(provider.get()));
        Optional<ProviderConfig> config = new ProviderCompiler(new SecretRefResolver(secrets)).compile(provider.get(), problems);
        boolean failed = problems.stream().anyMatch(Problem::isError);
        return new ProviderResult(failed ? Optional.empty() : config, problems);
    }

    /**
     * One compiled Provider.
     *
     * @param config the Provider's config; empty when it has an error or no key is set
     * @param problems what is wrong with it, errors and warnings
     */
    public record ProviderResult(Optional<ProviderConfig> config, List<Problem> problems) {
        public ProviderResult {
            problems = List.copyOf(problems);
        }
    }
}
