package io.modelproxy.config;

import io.modelproxy.api.LogicalModel;
import io.modelproxy.manifest.Manifest;
import java.util.Map;
import java.util.Set;

/**
 * Which objects one {@link Compilation} replaces by their last valid form (held back) or leaves out.
 *
 * @param heldProviders Providers served in their previous compiled form, by name
 * @param leftOutProviders Providers left out: routes to them are dropped
 * @param heldModels LogicalModels rebuilt from their previous compiled form, by metadata.name
 * @param leftOutModels LogicalModels left out, by metadata.name
 * @param leftOutModelNames names and aliases those claim: a fallback to one is dropped
 * @param heldSettings the gateway's previous settings when the ModelGateway is held back
 * @param gatewayLeftOut whether the ModelGateway is invalid with no previous settings: nothing can be served
 * @param heldSources the previous source of every held-back object, by {@code Kind/name}
 */
record Substitutions(
        Map<String, ProviderConfig> heldProviders,
        Set<String> leftOutProviders,
        Map<String, Manifest<LogicalModel>> heldModels,
        Set<String> leftOutModels,
        Set<String> leftOutModelNames,
        GatewaySettings heldSettings,
        boolean gatewayLeftOut,
        Map<String, ObjectSource> heldSources) {

    static final Substitutions NONE = new Substitutions(Map.of(), Set.of(), Map.of(), Set.of(), Set.of(), null, false,
            Map.of());
}
