package io.modelproxy.endpoint;

import io.modelproxy.auth.ClientKeys;
import io.modelproxy.auth.Credential;
import io.modelproxy.dialect.ClientErrors;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.RequestContext;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.modelproxy.api.Dialect;
import io.modelproxy.requestlog.RequestTrace;
import io.modelproxy.translate.ApiError;
import io.modelproxy.prefix.PathScope;
import io.modelproxy.routing.RoutingTable;
import io.netty.util.AttributeKey;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Guards the {@code /v1} API: pins the routing table the request will use for its whole life, then
 * checks the client key against that table. Answers 503 before any config loaded and 401 for a
 * missing or unknown key, in the dialect of the path ({@code /v1/messages…} and {@code /anthropic/…} are
 * Anthropic), and names the client in the request's {@link RequestTrace}.
 */
public final class ClientAuthentication implements DecoratingHttpServiceFunction {
    /**
     * What the guard pinned and found, in one context attribute rather than one each: a held stream's
     * context keeps every attribute (with a lock of its own) for the stream's life.
     */
    private record Authenticated(RoutingTable table, ClientKeys.Identity client) {}

    private static final AttributeKey<Authenticated> AUTHENTICATED = AttributeKey.valueOf(ClientAuthentication.class, "authenticated");

    private final Supplier<RoutingTable> tables;
    private final ClientErrors errors;

    public ClientAuthentication(Supplier<RoutingTable> tables, ClientErrors errors) {
        this.tables = tables;
        this.errors = errors;
    }

    @Override
    public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req) throws Exception {
        Dialect dialect = PathScope.dialectOf(ctx.path());
        RoutingTable table = tables.get();
        if (table == null) {
            return errors.response(dialect, ApiError.of(503, "the gateway has not loaded a configuration yet"));
        }
        Optional<ClientKeys.Identity> client = table.clientKeys().authenticate(Credential.from(req.headers()));
        if (client.isEmpty()) {
            return errors.response(dialect, new ApiError(401, null,
                    "missing or invalid API key: send it as Authorization: Bearer <key> or x-api-key", null, "invalid_api_key"));
        }
        ctx.setAttr(AUTHENTICATED, new Authenticated(table, client.get()));
        RequestTrace.of(ctx).client(client.get().client());
        return delegate.serve(ctx, req);
    }

    /** The routing table the request runs on; null if it did not pass this guard. */
    public static RoutingTable table(RequestContext ctx) {
        Authenticated authenticated = ctx.attr(AUTHENTICATED);
        return authenticated == null ? null : authenticated.table();
    }

    /** The authenticated client; null if the request did not pass this guard. */
    public static ClientKeys.Identity client(RequestContext ctx) {
        Authenticated authenticated = ctx.attr(AUTHENTICATED);
        return authenticated == null ? null : authenticated.client();
    }
}
