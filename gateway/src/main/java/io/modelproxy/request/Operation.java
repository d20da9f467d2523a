package io.modelproxy.request;

import com.linecorp.armeria.server.ServiceRequestContext;
import io.modelproxy.api.ModelOperation;
import io.modelproxy.api.Dialect;
import io.modelproxy.prefix.PathScope;
import io.modelproxy.routing.Route;
import io.modelproxy.routing.RoutedModel;
import io.modelproxy.translate.ApiError;
import io.modelproxy.translate.DialectWire;
import java.util.Optional;

/** What a client endpoint asks of a model's routes. */
public enum Operation {
    /** A generation: {@code /v1/chat/completions}, {@code /v1/responses}, {@code /v1/messages}. */
    GENERATE(ModelOperation.Chat),
    /**
     * Anthropic's {@code /v1/messages/count_tokens}: forwarded to an Anthropic provider, estimated
     * locally on a route whose provider speaks another dialect (OpenAI has no such endpoint).
     */
    COUNT_TOKENS(ModelOperation.Chat),
    /** {@code /v1/embeddings}, forwarded untranslated to OpenAI-compatible providers. */
    EMBEDDINGS(ModelOperation.Embeddings),
    /** {@code /v1/audio/transcriptions}: a multipart upload, forwarded with only its {@code model} replaced. */
    TRANSCRIPTION(ModelOperation.Transcription),
    /** {@code /v1/audio/translations}, as {@link #TRANSCRIPTION}. */
    TRANSLATION(ModelOperation.Translation),
    /**
     * Any other {@code /v1} path naming a model (the catch-all): the path and body as they came but for
     * {@code model}, to the model's routes on providers of the client's dialect.
     */
    FORWARD(null),
    /** A request no model serves, to the ModelGateway's passthrough provider, path and body as they came. */
    PASSTHROUGH(null);

    private final ModelOperation served;

    Operation(ModelOperation served) {
        this.served = served;
    }

    /**
     * The request path under the provider's base URL: the catch-all's is the client's path after
     * {@code /v1} and its query, both as the client encoded them.
     */
    public String path(DialectWire provider, ServiceRequestContext ctx) {
        return switch (this) {
            case GENERATE -> provider.generationPath();
            case COUNT_TOKENS -> provider.generationPath() + "/count_tokens";
            case EMBEDDINGS -> "/embeddings";
            case TRANSCRIPTION -> "/audio/transcriptions";
            case TRANSLATION -> "/audio/translations";
            case FORWARD, PASSTHROUGH -> PathScope.rawApiPath(ctx).substring("/v1".length())
                    + (ctx.query() == null ? "" : "?" + ctx.query());
        };
    }

    /** Whether a route (of the model asked for or of a fallback) can serve this for a client of {@code dialect}. */
    public boolean serves(Route route, Dialect dialect) {
        Dialect protocol = route.upstream().protocol();
        return switch (this) {
            case FORWARD -> anthropic(protocol) == anthropic(dialect);
            case PASSTHROUGH -> true;
            default -> route.owner().serves(served) && served.servedBy(protocol);
        };
    }

    /**
     * Whether a provider speaks the client's dialect: the same protocol for what is translated, else the
     * same vendor (OpenAI's two APIs share hosts, keys and endpoints). Only then do the client's own
     * credential and vendor headers go upstream.
     */
    public boolean sameDialect(Dialect upstream, Dialect dialect) {
        return translates() ? upstream == dialect : anthropic(upstream) == anthropic(dialect);
    }

    /** Whether requests go to providers of another dialect translated (else only as they came). */
    public boolean translates() {
        return this == GENERATE || this == COUNT_TOKENS;
    }

    /** Whether a client may ask for a stream. */
    public boolean streams() {
        return this == GENERATE || this == FORWARD;
    }

    /** Whether the answer's top-level {@code model} becomes the id the client asked for. */
    public boolean namesModel() {
        return this == GENERATE || this == EMBEDDINGS || this == FORWARD;
    }

    /** The 400 for a model that does not serve this operation, in words that say where to send it. */
    public Optional<ApiError> refusal(RoutedModel model, String asked) {
        if (served == null || model.config().serves(served)) {
            return Optional.empty();
        }
        return Optional.of(new ApiError(400, "invalid_request_error", "model '" + asked + "' does not serve "
                + served + " (it serves " + String.join(", ", model.config().operations().stream().map(Enum::name).toList())
                + "; see spec.operations of its LogicalModel)", "model", "model_not_supported"));
    }

    /** OpenAI's two APIs share hosts, keys and endpoints; Anthropic's is its own. */
    private static boolean anthropic(Dialect protocol) {
        return protocol == Dialect.AnthropicMessages;
    }
}
