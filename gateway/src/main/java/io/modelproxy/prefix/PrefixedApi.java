package io.modelproxy.prefix;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.HttpStatusException;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.modelproxy.config.PathPrefix;
import io.modelproxy.routing.RoutingTable;
import java.util.List;
import java.util.function.Supplier;

/**
 * Every path no other route claims: a request under a prefix goes to the API route of the path after
 * it, with its {@link PathScope}; anything else is a 404 (in the dialect of the path, by the server's
 * error handler), as it was before prefixes.
 */
final class PrefixedApi implements HttpService {
    private final List<ApiRoutes.ApiRoute> routes;
    private final Supplier<RoutingTable> tables;

    PrefixedApi(List<ApiRoutes.ApiRoute> routes, Supplier<RoutingTable> tables) {
        this.routes = routes;
        this.tables = tables;
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) throws Exception {
        String path = ctx.decodedPath();
        String prefix = null;
        PathPrefix configured = null;
        for (String builtIn : List.of(PathScope.OPENAI, PathScope.ANTHROPIC)) {
            if (path.startsWith(builtIn + "/")) {
                prefix = builtIn;
            }
        }
        RoutingTable table = tables.get();
        if (prefix == null && table != null) {
            for (PathPrefix p : table.settings().pathPrefixes()) {
                if (path.startsWith(p.prefix() + "/") && (configured == null || p.prefix().length() > configured.prefix().length())) {
                    configured = p;
                }
            }
            prefix = configured == null ? null : configured.prefix();
        }
        if (prefix == null) {
            throw HttpStatusException.of(HttpStatus.NOT_FOUND);
        }
        String apiPath = path.substring(prefix.length());
        for (ApiRoutes.ApiRoute route : routes) {
            if (route.matches(ctx.method(), apiPath)) {
                ctx.setAttr(PathScope.KEY, new PathScope(prefix, apiPath, configured));
                return route.service().serve(ctx, req);
            }
        }
        throw HttpStatusException.of(HttpStatus.NOT_FOUND);
    }
}
