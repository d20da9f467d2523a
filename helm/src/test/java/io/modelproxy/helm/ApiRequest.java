package io.modelproxy.helm;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One Kubernetes API request as the RBAC authorizer sees it: verb, API group, resource (with
 * {@code /subresource}), namespace (null: cluster-wide) and object name (null for list, watch, create).
 */
record ApiRequest(String verb, String group, String resource, String namespace, String name) {

    /** The resource request behind an HTTP call; empty for non-resource URLs such as {@code /version} or discovery. */
    static Optional<ApiRequest> of(String method, URI uri) {
        List<String> path = Arrays.stream(uri.getPath().split("/")).filter(part -> !part.isEmpty()).toList();
        List<String> rest;
        String group;
        if (path.size() > 2 && path.get(0).equals("api")) {
            group = "";
            rest = path.subList(2, path.size());
        } else if (path.size() > 3 && path.get(0).equals("apis")) {
            group = path.get(1);
            rest = path.subList(3, path.size());
        } else {
            return Optional.empty();
        }
        String namespace = null;
        if (rest.size() > 2 && rest.get(0).equals("namespaces")) {
            namespace = rest.get(1);
            rest = rest.subList(2, rest.size());
        }
        String resource = rest.get(0);
        String name = rest.size() > 1 ? rest.get(1) : null;
        if (rest.size() > 2) {
            resource += "/" + rest.get(2);
        }
        return Optional.of(new ApiRequest(verb(method, name, uri.getQuery()), group, resource, namespace, name));
    }

    private static String verb(String method, String name, String query) {
        return switch (method) {
            case "GET" -> name != null ? "get" : query != null && query.matches("(.*&)?watch=(true|1)(&.*)?") ? "watch" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> name != null ? "delete" : "deletecollection";
            default -> throw new IllegalArgumentException("not a Kubernetes API method: " + method);
        };
    }

    /** A client to the same server as {@code client} that records every resource request it sends into {@code requests}. */
    static KubernetesClient recordingClient(KubernetesClient client, List<ApiRequest> requests) {
        Interceptor recorder = new Interceptor() {
            @Override
            public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
                ApiRequest.of(request.method(), request.uri())
                        // asked of everyone (system:basic-user): what may I do? Not a permission to grant.
                        .filter(api -> !api.resource().equals("selfsubjectrulesreviews"))
                        .ifPresent(requests::add);
            }
        };
        return new KubernetesClientBuilder()
                .withConfig(client.getConfiguration())
                .withHttpClientBuilderConsumer(builder -> builder.addOrReplaceInterceptor("record", recorder))
                .build();
    }

    /** The permission it needs, without where: {@code group resource verb}. */
    Grant grant() {
        return new Grant(group, resource, verb);
    }

    @Override
    public String toString() {
        return verb + " " + (group.isEmpty() ? "" : group + "/") + resource
                + (namespace == null ? " (all namespaces)" : " in " + namespace) + (name == null ? "" : " name=" + name);
    }

    /** A verb on a resource of an API group, anywhere. */
    record Grant(String group, String resource, String verb) {
        @Override
        public String toString() {
            return verb + " " + (group.isEmpty() ? "" : group + "/") + resource;
        }
    }
}
