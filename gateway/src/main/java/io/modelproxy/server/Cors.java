package io.modelproxy.server;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import java.util.List;
import java.util.function.Supplier;

/**
 * CORS for browser clients, from the origins of the config in service (so a reload changes them):
 * answers preflights itself, before client auth, and marks allowed origins on every response.
 * An origin list containing {@code *} allows any origin.
 */
final class Cors implements DecoratingHttpServiceFunction {
    private static final String EXPOSED = "x-model-proxy-route, x-model-proxy-attempts, retry-after, request-id, x-request-id";

    private final Supplier<List<String>> origins;

    Cors(Supplier<List<String>> origins) {
        this.origins = origins;
    }

    @Override
    public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req) throws Exception {
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        if (origin == null || !allowed(origin)) {
            return delegate.serve(ctx, req);
        }
        if (req.method() == HttpMethod.OPTIONS && req.headers().contains(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD)) {
            String requested = req.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS);
            return HttpResponse.of(ResponseHeaders.builder(HttpStatus.NO_CONTENT)
                    .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
                    .set(HttpHeaderNames.VARY, "Origin")
                    .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, HEAD, POST, OPTIONS")
                    .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, requested != null ? requested : "*")
                    .set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "86400")
                    .build());
        }
        ctx.addAdditionalResponseHeader(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        ctx.addAdditionalResponseHeader(HttpHeaderNames.VARY, "Origin");
        ctx.addAdditionalResponseHeader(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED);
        return delegate.serve(ctx, req);
    }

    private boolean allowed(String origin) {
        List<String> list = origins.get();
        return list.contains("*") || list.contains(origin);
    }
}
