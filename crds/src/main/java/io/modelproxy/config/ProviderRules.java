package io.modelproxy.config;

import io.modelproxy.api.Dialect;
import io.modelproxy.api.Provider;
import io.modelproxy.api.ProviderSpec;
import io.modelproxy.manifest.Manifest;
import io.modelproxy.manifest.Problem;
import io.modelproxy.manifest.Problem.Reason;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cross-field rules of a Provider (the CEL rules of its CRD, which standalone has no API server
 * to apply): a base URL unless the protocol is Mock, {@code mock} only for Mock, and none of the fields
 * that only mean something for an upstream on a Mock provider, which has none.
 */
final class ProviderRules {
    private ProviderRules() {}

    static List<Problem> check(Manifest<Provider> manifest) {
        ProviderSpec spec = manifest.object().getSpec();
        List<Problem> problems = new ArrayList<>();
        if (spec == null || spec.protocol() == null) {
            return problems;
        }
        if (spec.protocol() != Dialect.Mock) {
            if (spec.baseUrl() == null) {
                problems.add(error(manifest, "spec.baseUrl", "required (only protocol Mock has none)"));
            }
            if (spec.mock() != null) {
                problems.add(error(manifest, "spec.mock", "applies only to protocol Mock"));
            }
            return problems;
        }
        upstreamFields(spec).forEach((field, value) -> {
            if (value != null && !(value instanceof List<?> l && l.isEmpty()) && !(value instanceof Map<?, ?> m && m.isEmpty())) {
                problems.add(error(manifest, "spec." + field, "does not apply to protocol Mock, which answers locally"
                        + " with no upstream; remove it"));
            }
        });
        return problems;
    }

    private static Map<String, Object> upstreamFields(ProviderSpec spec) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("baseUrl", spec.baseUrl());
        fields.put("auth", spec.auth());
        fields.put("apiKeys", spec.apiKeys());
        fields.put("headers", spec.headers());
        fields.put("cooldownSeconds", spec.cooldownSeconds());
        fields.put("authFailureCooldownSeconds", spec.authFailureCooldownSeconds());
        fields.put("proxy", spec.proxy());
        fields.put("http", spec.http());
        fields.put("errorPolicy", spec.errorPolicy());
        fields.put("discovery", spec.discovery());
        return fields;
    }

    private static Problem error(Manifest<Provider> manifest, String field, String message) {
        return Problem.error(Reason.InvalidField, manifest.file(), manifest.kind(), manifest.name(), field, message);
    }
}
