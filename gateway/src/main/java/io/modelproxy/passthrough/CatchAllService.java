package io.modelproxy.passthrough;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.modelproxy.api.Dialect;
import io.modelproxy.dialect.ClientErrors;
import io.modelproxy.endpoint.ClientAuthentication;
import io.modelproxy.prefix.PathScope;
import io.modelproxy.request.ClientRequest;
import io.modelproxy.translate.ApiError;
import io.modelproxy.routing.RoutingTable;
import java.util.Map;
import java.util.Optional;

/**
 * Every {@code POST /v1/*} the gateway has no endpoint of its own for ({@code /v1/completions},
 * {@code /v1/moderations}, {@code /v1/images/generations}, {@code /v1/rerank} …), behind
 * {@link ClientAuthentication}. A JSON body naming a model this gateway serves goes to that model's
 * routes, untranslated; anything else goes to the ModelGateway's passthrough provider when it has one
 * (a model it does not serve included: the provider may), else it is answered 404 naming the path.
 */
public final class CatchAllService implements HttpService {
    private final Map<Dialect, HttpService> forward;
    private final Map<Dialect, HttpService> passthrough;
    private final ClientErrors errors;

    /**
     * @param forward by client dialect: the attempt loop for a named model's routes
     * @param passthrough by client dialect: the attempt loop for the passthrough provider
     */
    public CatchAllService(Map<Dialect, HttpService> forward, Map<Dialect, HttpService> passthrough, ClientErrors errors) {
        this.errors = errors;
        this.forward = Map.copyOf(forward);
        this.passthrough = Map.copyOf(passthrough);
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        RoutingTable table = ClientAuthentication.table(ctx);
        if (table == null) {
            throw new IllegalStateException("CatchAllService must be decorated with ClientAuthentication");
        }
        Dialect dialect = PathScope.dialectOf(ctx.path());
        ctx.clearRequestTimeout();
        ctx.setMaxRequestLength(table.settings().maxRequestBytes());
        return HttpResponse.of(req.aggregate(ClientRequest.READ_ONCE).handle((agg, error) -> {
            if (error != null) {
                return HttpResponse.ofFailure(error);  // over the limit: 413 in the path's dialect
            }
            Optional<String> model = model(dialect, agg);
            boolean served = model.flatMap(table::resolve).isPresent();
            HttpService target = served || (model.isPresent() && table.passthrough().isEmpty()) ? forward.get(dialect)
                    : table.passthrough().isPresent() ? passthrough.get(dialect) : null;
            if (target == null) {
                return errors.response(dialect, new ApiError(404, "not_found_error", "POST " + ctx.path()
                        + " is not served here: its body names no model (a JSON object with a `model`), and the"
                        + " ModelGateway has no spec.passthrough.provider for other requests", null, "unknown_url"));
            }
            try {
                return target.serve(ctx, agg.toHttpRequest());
            } catch (Exception e) {
                return HttpResponse.ofFailure(e);
            }
        }));
    }

    /** The model a JSON body names, if it is a JSON object with one. */
    private static Optional<String> model(Dialect dialect, AggregatedHttpRequest agg) {
        MediaType type = agg.contentType();
        if (type != null && !type.isJson()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ClientRequest.parse(dialect, agg.content().array(), false).model());
        } catch (ClientRequest.Invalid e) {
            return Optional.empty();
        }
    }
}
