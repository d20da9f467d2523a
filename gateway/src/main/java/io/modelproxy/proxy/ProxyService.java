package io.modelproxy.proxy;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.modelproxy.api.Protocol;
import io.modelproxy.auth.ClientKeys;
import io.modelproxy.dialect.ApiError;
import io.modelproxy.routing.RoutedModel;
import io.modelproxy.routing.RoutingTable;
import io.modelproxy.translate.ExchangeTranslator;
import java.time.InstantSource;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * One client endpoint ({@code /v1/chat/completions}, {@code /v1/responses}, {@code /v1/messages} and
 * their streaming aliases), behind {@link ClientAuthentication}: reads and checks the body, resolves
 * the model and hands the request to an {@link Exchange}. Every error is in the endpoint's dialect.
 */
public final class ProxyService implements HttpService {
    private final Protocol dialect;
    private final boolean forceStream;
    private final BiFunction<Protocol, Protocol, ExchangeTranslator> translators;
    private final InstantSource clock;

    /**
     * @param dialect the endpoint's dialect
     * @param forceStream the endpoint always streams, whatever the body says
     * @param translators the translator for (client dialect, provider protocol), null when there is none
     * @param clock the clock of key cooldowns and route circuits
     */
    public ProxyService(Protocol dialect, boolean forceStream, BiFunction<Protocol, Protocol, ExchangeTranslator> translators, InstantSource clock) {
        this.dialect = dialect;
        this.forceStream = forceStream;
        this.translators = translators;
        this.clock = clock;
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        RoutingTable table = ctx.attr(ClientAuthentication.TABLE);
        RequestRecord record = ctx.attr(ClientAuthentication.RECORD);
        ClientKeys.Identity client = ctx.attr(ClientAuthentication.CLIENT);
        if (table == null || record == null || client == null) {
            throw new IllegalStateException("ProxyService must be decorated with ClientAuthentication");
        }
        // the attempt loop keeps its own timeouts; long generations and streams must not hit the server's
        ctx.clearRequestTimeout();
        ctx.setMaxRequestLength(table.settings().maxRequestBytes());
        return HttpResponse.of(req.aggregate().handle((agg, error) -> {
            if (error != null) {
                // a body over the limit: the server's error handler answers 413 in the dialect of the path
                return HttpResponse.ofFailure(error);
            }
            ClientRequest request;
            try {
                request = ClientRequest.parse(dialect, agg.content().array(), forceStream);
            } catch (ClientRequest.Invalid e) {
                return ClientErrors.response(dialect, e.error());
            }
            record.request(request.model(), request.stream(), request.size());
            Optional<RoutedModel> model = table.resolve(request.model());
            if (model.isEmpty()) {
                return ClientErrors.response(dialect, new ApiError(404, "not_found_error",
                        "model '" + request.model() + "' is not served here; available: "
                                + String.join(", ", table.modelIds()) + " (GET /v1/models)", "model", "model_not_found"));
            }
            Exchange exchange = new Exchange(ctx, table, model.get(), request, req.headers(), client.forwardable(),
                    translators, clock, record);
            return HttpResponse.of(exchange.run());
        }));
    }
}
