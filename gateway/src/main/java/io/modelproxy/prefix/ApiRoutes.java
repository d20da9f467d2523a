package io.modelproxy.prefix;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServerBuilder;
import io.modelproxy.routing.RoutingTable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The client API's routes: registered on the server at their own paths, and remembered so that
 * {@link #mountPrefixes} serves each of them again under {@code /openai}, {@code /anthropic} and the
 * ModelGateway's {@code spec.pathPrefixes} (which change on reload, so they are matched per request).
 */
public final class ApiRoutes {
    private final ServerBuilder sb;
    private final List<ApiRoute> routes = new ArrayList<>();

    /** One route of the API: a method and an exact path, or every path under {@code path} when {@code under}. */
    record ApiRoute(HttpMethod method, String path, boolean under, HttpService service) {
        boolean matches(HttpMethod m, String apiPath) {
            return method == m && (under ? apiPath.startsWith(path) : apiPath.equals(path));
        }
    }

    public ApiRoutes(ServerBuilder sb) {
        this.sb = sb;
    }

    public ApiRoutes post(String path, HttpService service) {
        sb.route().post(path).build(service);
        routes.add(new ApiRoute(HttpMethod.POST, path, false, service));
        return this;
    }

    public ApiRoutes get(String path, HttpService service) {
        sb.route().get(path).build(service);
        routes.add(new ApiRoute(HttpMethod.GET, path, false, service));
        return this;
    }

    /** POST of every path under {@code prefix} (ends with '/') no route added before claims: add it last. */
    public ApiRoutes postUnder(String prefix, HttpService service) {
        sb.route().post("prefix:" + prefix).build(service);
        routes.add(new ApiRoute(HttpMethod.POST, prefix, true, service));
        return this;
    }

    /** GET of every path under {@code prefix} (ends with '/'), e.g. {@code /v1/models/} for model ids with slashes. */
    public ApiRoutes getUnder(String prefix, HttpService service) {
        sb.route().get("prefix:" + prefix).build(service);
        routes.add(new ApiRoute(HttpMethod.GET, prefix, true, service));
        return this;
    }

    /**
     * Serves the routes added so far under the prefixes, as the catch-all of the server. Call it after
     * every other route of the server (the mounted admin UI included): the catch-all must only get what
     * no route registered before it claims.
     */
    public void mountPrefixes(Supplier<RoutingTable> tables) {
        sb.serviceUnder("/", new PrefixedApi(List.copyOf(routes), tables));
    }
}
