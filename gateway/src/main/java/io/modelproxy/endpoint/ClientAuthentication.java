package io.modelproxy.endpoint;

import io.modelproxy.accesslog.RequestRecord;
import io.modelproxy.auth.ClientKeys;
import io.modelproxy.auth.Credential;
import io.modelproxy.dialect.ClientErrors;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.modelproxy.api.Dialect;
import io.modelproxy.translate.ApiError;
import io.modelproxy.prefix.PathScope;
import io.modelproxy.routing.RoutingTable;
import io.netty.util.AttributeKey;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards the {@code /v1} API: pins the routing table the request will use for its whole life, then
 * checks the client key against that table. Answers 503 before any config loaded and 401 for a
 * missing or unknown key, in the dialect of the path ({@code /v1/messages…} and {@code /anthropic/…} are Anthropic). Writes the
 * access log line of every API request (when the config asks for request logging).
 */
public final class ClientAuthentication implements DecoratingHttpServiceFunction {
    /** The routing table the request runs on. */
    public static final AttributeKey<RoutingTable> TABLE = AttributeKey.valueOf(ClientAuthentication.class, "table");
    /** The authenticated client. */
    public static final AttributeKey<ClientKeys.Identity> CLIENT = AttributeKey.valueOf(ClientAuthentication.class, "client");
    /** The request's access-log record. */
    public static final AttributeKey<RequestRecord> RECORD = AttributeKey.valueOf(ClientAuthentication.class, "record");
    private static final Logger access = LoggerFactory.getLogger("io.modelproxy.access");

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
        RequestRecord record = new RequestRecord();
        ctx.setAttr(RECORD, record);
        if (table == null || table.settings().requestLogging()) {
            ctx.log().whenComplete().thenAccept(l -> access.info("{} {} {} status={} latency_ms={}", ctx.method(), ctx.path(),
                    record.describe(), l.responseHeaders().status().code(), TimeUnit.NANOSECONDS.toMillis(l.totalDurationNanos())));
        }
        if (table == null) {
            return errors.response(dialect, ApiError.of(503, "the gateway has not loaded a configuration yet"));
        }
        Optional<ClientKeys.Identity> client = table.clientKeys().authenticate(Credential.from(req.headers()));
        if (client.isEmpty()) {
            return errors.response(dialect, new ApiError(401, null,
                    "missing or invalid API key: send it as Authorization: Bearer <key> or x-api-key", null, "invalid_api_key"));
        }
        ctx.setAttr(TABLE, table);
        ctx.setAttr(CLIENT, client.get());
        record.client(client.get().client());
        return delegate.serve(ctx, req);
    }
}
