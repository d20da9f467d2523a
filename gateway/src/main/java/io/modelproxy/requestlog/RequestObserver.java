package io.modelproxy.requestlog;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.modelproxy.routing.RoutingTable;
import java.util.function.Supplier;

/**
 * Starts the {@link RequestTrace} of every API request, watches its answer go out (first byte, size,
 * reported usage) and, once the exchange is over however it ended, hands the trace to the
 * {@link RequestLog}. Outermost decorator of the client API, so that a refused request is recorded too.
 */
public final class RequestObserver implements DecoratingHttpServiceFunction {
    private final RequestLog log;
    private final Supplier<RoutingTable> tables;
    private final Supplier<RequestEvents> events;

    /** @param events where metrics go; null from the supplier when the config turns metrics off */
    public RequestObserver(RequestLog log, Supplier<RoutingTable> tables, Supplier<RequestEvents> events) {
        this.log = log;
        this.tables = tables;
        this.events = events;
    }

    @Override
    public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req) throws Exception {
        RoutingTable table = tables.get();
        RequestTrace trace = new RequestTrace(table == null || table.settings().metrics() ? events.get() : null, log.bodies());
        // under a path prefix (/openai, /anthropic, /team-a) the API is the same
        int v1 = ctx.path().indexOf("/v1/");
        String path = v1 > 0 ? ctx.path().substring(v1) : ctx.path();
        trace.dialect = path.startsWith("/v1/messages") ? "AnthropicMessages" : path.startsWith("/v1/responses")
                ? "OpenAIResponses" : path.startsWith("/v1/chat/") ? "OpenAIChat" : null;
        trace.attach(ctx);
        ctx.log().whenComplete().thenAccept(l -> log.finish(trace, ctx, RequestLog.Response.of(ctx, l), table));
        return delegate.serve(ctx, req).mapData(data -> {
            trace.onData(data);
            return data;
        });
    }
}
