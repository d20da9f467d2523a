package io.modelproxy.prefix;

import com.linecorp.armeria.server.ServiceRequestContext;
import io.modelproxy.api.Dialect;
import io.modelproxy.config.PathPrefix;
import io.modelproxy.routing.RoutingTable;
import io.netty.util.AttributeKey;
import java.util.List;

/**
 * The prefix a request came under ({@code /openai}, {@code /anthropic} or one of the ModelGateway's
 * {@code spec.pathPrefixes}) and what it changes: which models the request may use, and the dialect
 * of answers that have one per vendor ({@code GET /v1/models}, errors of unknown paths).
 *
 * @param prefix e.g. {@code /anthropic}
 * @param apiPath the decoded path after the prefix, e.g. {@code /v1/models/claude}
 * @param configured the ModelGateway's entry; null for the built-in prefixes, which serve every model
 */
public record PathScope(String prefix, String apiPath, PathPrefix configured) {
    static final AttributeKey<PathScope> KEY = AttributeKey.valueOf(PathScope.class, "scope");
    static final String OPENAI = "/openai";
    static final String ANTHROPIC = "/anthropic";

    /** The scope of a request, or null for one without a prefix. */
    public static PathScope of(ServiceRequestContext ctx) {
        return ctx.attr(KEY);
    }

    /** The request's decoded path without its prefix. */
    public static String apiPath(ServiceRequestContext ctx) {
        PathScope scope = of(ctx);
        return scope == null ? ctx.decodedPath() : scope.apiPath();
    }

    /**
     * The request's path without its prefix as the client sent it, percent-encoding kept (an encoded
     * {@code /} stays one segment), for paths that go upstream as they came.
     */
    public static String rawApiPath(ServiceRequestContext ctx) {
        String raw = ctx.path();
        PathScope scope = of(ctx);
        if (scope == null) {
            return raw;
        }
        // drop as many segments as the prefix has, however the client encoded them
        int at = 0;
        for (int i = 0; i < scope.prefix().length() && at >= 0; i++) {
            if (scope.prefix().charAt(i) == '/') {
                at = raw.indexOf('/', at + 1);
            }
        }
        return at < 0 ? scope.apiPath() : raw.substring(at);
    }

    /** Whether the request may use the model of this client-facing name. */
    public static boolean serves(ServiceRequestContext ctx, String modelName) {
        PathScope scope = of(ctx);
        return scope == null || scope.configured() == null || scope.configured().serves(modelName);
    }

    /** The ids (names and aliases) of the models a request may use. */
    public static List<String> modelIds(ServiceRequestContext ctx, RoutingTable table) {
        return table.modelIds().stream()
                .filter(id -> table.resolve(id).map(m -> serves(ctx, m.name())).orElse(false))
                .toList();
    }

    /** Whether the request came under {@code /anthropic}. */
    public static boolean underAnthropic(ServiceRequestContext ctx) {
        PathScope scope = of(ctx);
        return scope != null && scope.prefix().equals(ANTHROPIC);
    }

    /**
     * The dialect of a raw request path, for answers written before (or without) a service: the
     * Anthropic Messages endpoints, and anything else under {@code /anthropic} but the OpenAI endpoints.
     */
    public static Dialect dialectOf(String path) {
        if (path == null) {
            return Dialect.OpenAIChat;
        }
        int api = path.indexOf("/v1/");
        String rest = api < 0 ? path : path.substring(api);
        if (rest.startsWith("/v1/messages")) {
            return Dialect.AnthropicMessages;
        }
        boolean openAiEndpoint = rest.startsWith("/v1/chat/") || rest.startsWith("/v1/responses");
        return path.startsWith(ANTHROPIC + "/") && !openAiEndpoint ? Dialect.AnthropicMessages : Dialect.OpenAIChat;
    }
}
