package io.modelproxy.endpoint;

import io.modelproxy.request.ClientRequest;
import io.modelproxy.request.Operation;
import io.modelproxy.dialect.ClientErrors;
import io.modelproxy.attempt.Exchange;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.modelproxy.api.Dialect;
import io.modelproxy.auth.ClientKeys;
import io.modelproxy.difficulty.ClassifierCalls;
import io.modelproxy.translate.ApiError;
import io.modelproxy.enforcement.EnforcementRules;
import io.modelproxy.enforcement.ToolCallEnforcer;
import io.modelproxy.prefix.PathScope;
import io.modelproxy.ratelimit.RateLimiter;
import io.modelproxy.requestlog.RequestTrace;
import io.modelproxy.routing.RoutedModel;
import io.modelproxy.routing.RoutingTable;
import io.modelproxy.sharedstate.LimitState;
import io.modelproxy.translate.ExchangeTranslator;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One client endpoint ({@code /v1/chat/completions}, {@code /v1/responses}, {@code /v1/messages},
 * {@code /v1/messages/count_tokens} and the streaming aliases), behind {@link ClientAuthentication}:
 * reads and checks the body, resolves the model and hands the request to an {@link Exchange}, through
 * the {@link ToolCallEnforcer} when the model enforces tool calls. Every error is in the endpoint's dialect.
 */
public final class ProxyService implements HttpService {
    private static final RequestHeaders CLASSIFIER_HEADERS = RequestHeaders.of(HttpMethod.POST, "/v1/chat/completions");
    private final Dialect dialect;
    private final Operation operation;
    private final boolean forceStream;
    private final ProxyServices services;
    private final ClientErrors errors;
    private final RateLimitGate limits;

    /**
     * @param dialect the endpoint's dialect
     * @param operation what the endpoint asks of the model
     * @param forceStream the endpoint always streams, whatever the body says
     */
    public ProxyService(Dialect dialect, Operation operation, boolean forceStream, ProxyServices services) {
        this.dialect = dialect;
        this.operation = operation;
        this.forceStream = forceStream;
        this.services = services;
        this.errors = services.attempts().errors();
        this.limits = new RateLimitGate(services.limitState(), services.limiters(), services.attempts().clock(), errors);
    }

    /**
     * A classifier model's call: an exchange of its own on the client's request context (so it ends when
     * the client goes away), outside the client's rate limits and access log line.
     */
    private ClassifierCalls classifierCalls(ServiceRequestContext ctx, RoutingTable table, ClientKeys.Identity client) {
        return (classifier, body) -> new Exchange(ctx, table, classifier, ClientRequest.of(Dialect.OpenAIChat, body),
                Operation.GENERATE, CLASSIFIER_HEADERS, client.forwardable(), services.attempts(), RequestTrace.detached()).run();
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        RoutingTable table = ClientAuthentication.table(ctx);
        RequestTrace record = RequestTrace.of(ctx);
        ClientKeys.Identity client = ClientAuthentication.client(ctx);
        if (table == null || client == null) {
            throw new IllegalStateException("ProxyService must be decorated with ClientAuthentication");
        }
        // the attempt loop keeps its own timeouts; long generations and streams must not hit the server's
        ctx.clearRequestTimeout();
        ctx.setMaxRequestLength(table.settings().maxRequestBytes());
        // one deferred response for the whole way to the answer: each step that waits (the body, the rate
        // limits, the classifier, the exchange) hands on a future, and a held stream is relayed through no
        // more response layers than this one
        return HttpResponse.of(req.aggregate(ClientRequest.READ_ONCE).handle((agg, error) -> {
            if (error != null) {
                // a body over the limit: the server's error handler answers 413 in the dialect of the path
                return now(HttpResponse.ofFailure(error));
            }
            ClientRequest request;
            try {
                request = switch (operation) {
                    case TRANSCRIPTION, TRANSLATION -> ClientRequest.parseForm(dialect, agg.content().array(), agg.contentType());
                    case PASSTHROUGH -> ClientRequest.opaque(dialect, agg.content().array(), agg.contentType(),
                            table.passthrough().map(RoutedModel::name).orElse("-"));
                    default -> ClientRequest.parse(dialect, agg.content().array(), forceStream);
                };
            } catch (ClientRequest.Invalid e) {
                return now(errors.response(dialect, e.error()));
            }
            record.request(request.model(), request.stream(), request.size(), request.logTree());
            Optional<RoutedModel> resolved = operation == Operation.PASSTHROUGH ? table.passthrough()
                    : table.resolve(request.model()).filter(m -> PathScope.serves(ctx, m.name()));
            if (resolved.isEmpty()) {
                return now(errors.response(dialect, new ApiError(404, "not_found_error",
                        "model '" + request.model() + "' is not served here; available: "
                                + String.join(", ", PathScope.modelIds(ctx, table)) + " (GET /v1/models)", "model", "model_not_found")));
            }
            RoutedModel model = resolved.get();
            Optional<ApiError> refusal = operation.refusal(model, request.model());
            if (refusal.isPresent()) {
                return now(errors.response(dialect, refusal.get()));
            }
            record.logicalModel(model.name());
            Function<RoutedModel, CompletableFuture<HttpResponse>> exchange = selected -> new Exchange(ctx, table, selected,
                    request, operation, req.headers(), client.forwardable(), services.attempts(), record).run();
            if (operation == Operation.GENERATE) {
                Optional<EnforcementRules> rules;
                try {
                    rules = EnforcementRules.forRequest(model.config().toolCallEnforcement(), req.headers().get(EnforcementRules.HEADER));
                } catch (IllegalArgumentException e) {
                    return now(errors.response(dialect, ApiError.invalidRequest(e.getMessage())));
                }
                // only then is the body parsed: passed-through requests otherwise never are
                if (rules.isPresent() && ToolCallEnforcer.concerns(request.tree())) {
                    exchange = selected -> services.enforcer().serve(rules.get(), dialect, request.tree(),
                            request.model(), request.stream(), body -> new Exchange(ctx, table, selected,
                                    ClientRequest.of(dialect, body), operation, req.headers(), client.forwardable(),
                                    services.attempts(), record).run());
                }
            }
            // a token count generates nothing: it is not held against the client's limits, nor routed by difficulty
            if (operation == Operation.COUNT_TOKENS) {
                return exchange.apply(model);
            }
            Function<RoutedModel, CompletableFuture<HttpResponse>> serve = exchange;
            // only a generation is routed by difficulty: the classifier judges a conversation
            if (operation != Operation.GENERATE) {
                return limits.serve(ctx, dialect, client.client(), model.config().name(), request, () -> serve.apply(model));
            }
            return limits.serve(ctx, dialect, client.client(), model.config().name(), request, () -> services.difficulty()
                    .route(ctx, table, model, request.model(), dialect, request::tree, classifierCalls(ctx, table, client),
                            serve));
        }).thenCompose(answer -> answer));
    }

    private static CompletableFuture<HttpResponse> now(HttpResponse response) {
        return CompletableFuture.completedFuture(response);
    }
}
