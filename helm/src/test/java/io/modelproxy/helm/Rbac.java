package io.modelproxy.helm;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.modelproxy.helm.ApiRequest.Grant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a rendering of the chart grants one ServiceAccount, decided the way the API server's RBAC
 * authorizer decides: a RoleBinding grants its Role (or ClusterRole) in the binding's namespace, a
 * ClusterRoleBinding grants its ClusterRole everywhere and for cluster-wide requests.
 *
 * @param rules each granted rule with where it applies (a namespace, or null for cluster-wide)
 */
record Rbac(List<ScopedRule> rules) {
    private static final String ALL = "*";

    record ScopedRule(String namespace, PolicyRule rule) {}

    static Rbac grantedTo(Subject account, Collection<HasMetadata> objects) {
        Map<String, ClusterRole> clusterRoles = byName(Chart.ofKind(List.copyOf(objects), ClusterRole.class), role -> role.getMetadata().getName());
        Map<String, Role> roles = byName(Chart.ofKind(List.copyOf(objects), Role.class),
                role -> role.getMetadata().getNamespace() + "/" + role.getMetadata().getName());
        List<ScopedRule> granted = new ArrayList<>();
        for (ClusterRoleBinding binding : Chart.ofKind(List.copyOf(objects), ClusterRoleBinding.class)) {
            if (binding.getSubjects().contains(account)) {
                clusterRoles.get(binding.getRoleRef().getName()).getRules().forEach(rule -> granted.add(new ScopedRule(null, rule)));
            }
        }
        for (RoleBinding binding : Chart.ofKind(List.copyOf(objects), RoleBinding.class)) {
            if (binding.getSubjects().contains(account)) {
                String namespace = binding.getMetadata().getNamespace();
                List<PolicyRule> bound = binding.getRoleRef().getKind().equals("ClusterRole")
                        ? clusterRoles.get(binding.getRoleRef().getName()).getRules()
                        : roles.get(namespace + "/" + binding.getRoleRef().getName()).getRules();
                bound.forEach(rule -> granted.add(new ScopedRule(namespace, rule)));
            }
        }
        return new Rbac(List.copyOf(granted));
    }

    boolean allows(ApiRequest request) {
        return rules.stream().anyMatch(scoped ->
                (scoped.namespace() == null || scoped.namespace().equals(request.namespace())) && matches(scoped.rule(), request));
    }

    /** Every verb on every resource granted somewhere, names and namespaces left out. */
    Set<Grant> grants() {
        Set<Grant> grants = new TreeSet<>(Comparator.comparing(Grant::toString));
        for (ScopedRule scoped : rules) {
            for (String group : scoped.rule().getApiGroups()) {
                for (String resource : scoped.rule().getResources()) {
                    scoped.rule().getVerbs().forEach(verb -> grants.add(new Grant(group, resource, verb)));
                }
            }
        }
        return grants;
    }

    /** The requests these rules would deny, each once. */
    List<String> denied(Collection<ApiRequest> requests) {
        return requests.stream().filter(request -> !allows(request)).map(ApiRequest::toString).distinct().toList();
    }

    /** What is granted that none of the requests used. */
    Set<Grant> unused(Collection<ApiRequest> requests) {
        Set<Grant> unused = grants();
        requests.stream().map(ApiRequest::grant).forEach(unused::remove);
        return unused;
    }

    /** The rules that apply in a namespace, as a SelfSubjectRulesReview lists them. */
    List<PolicyRule> rulesIn(String namespace) {
        return rules.stream()
                .filter(scoped -> scoped.namespace() == null || scoped.namespace().equals(namespace))
                .map(ScopedRule::rule)
                .toList();
    }

    private static boolean matches(PolicyRule rule, ApiRequest request) {
        return matches(rule.getApiGroups(), request.group())
                && matches(rule.getResources(), request.resource())
                && matches(rule.getVerbs(), request.verb())
                // a rule limited to names never matches a request without one (list, watch, create)
                && (rule.getResourceNames().isEmpty() || request.name() != null && rule.getResourceNames().contains(request.name()));
    }

    private static boolean matches(List<String> values, String value) {
        return values.contains(value) || values.contains(ALL);
    }

    private static <T> Map<String, T> byName(List<T> items, Function<T, String> name) {
        return items.stream().collect(Collectors.toMap(name, Function.identity()));
    }
}
