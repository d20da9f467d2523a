package io.modelproxy.server;

import io.modelproxy.dialect.ClientErrors;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.ContentTooLargeException;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.util.Exceptions;
import com.linecorp.armeria.server.HttpResponseException;
import com.linecorp.armeria.server.HttpStatusException;
import com.linecorp.armeria.server.ServerErrorHandler;
import com.linecorp.armeria.server.ServiceConfig;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.modelproxy.api.Dialect;
import io.modelproxy.translate.ApiError;
import io.modelproxy.prefix.PathScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders the errors Armeria produces itself (413 for a body over the limit, 404 for an unknown path,
 * 405, protocol violations) and any unexpected exception as the error object of the path's dialect,
 * so a client never meets a plain-text page or a stack trace.
 */
final class DialectErrors implements ServerErrorHandler {
    private static final Logger log = LoggerFactory.getLogger(DialectErrors.class);
    private final ClientErrors errors;

    DialectErrors(ClientErrors errors) {
        this.errors = errors;
    }

    @Override
    public HttpResponse onServiceException(ServiceRequestContext ctx, Throwable cause) {
        Throwable peeled = Exceptions.peel(cause);
        if (peeled instanceof HttpStatusException || peeled instanceof HttpResponseException
                || peeled instanceof ContentTooLargeException) {
            // a status Armeria chooses (413 for a body over the limit): the default handler calls renderStatus below
            return null;
        }
        log.error("unexpected failure serving {} {}: {}", ctx.method(), ctx.path(), cause.toString());
        return errors.response(dialect(ctx.path()), ApiError.of(500, "internal error in the gateway"), HttpHeaders.of());
    }

    @Override
    public AggregatedHttpResponse renderStatus(ServiceRequestContext ctx, ServiceConfig config, RequestHeaders headers,
            HttpStatus status, String description, Throwable cause) {
        String message = status == HttpStatus.REQUEST_ENTITY_TOO_LARGE && ctx != null
                ? "request body is larger than the gateway's limit of " + ctx.maxRequestLength() + " bytes"
                : description != null ? description : status.reasonPhrase();
        return render(headers == null ? "/" : headers.path(), status, message);
    }

    @Override
    public AggregatedHttpResponse onProtocolViolation(ServiceConfig config, RequestHeaders headers, HttpStatus status,
            String description, Throwable cause) {
        return render(headers == null ? "/" : headers.path(), status, description != null ? description : status.reasonPhrase());
    }

    private AggregatedHttpResponse render(String path, HttpStatus status, String message) {
        Dialect dialect = dialect(path);
        ApiError error = ApiError.of(status.code(), message);
        return AggregatedHttpResponse.of(ResponseHeaders.builder(status).contentType(MediaType.JSON_UTF_8).build(),
                HttpData.wrap(errors.body(dialect, error)));
    }

    private static Dialect dialect(String path) {
        return PathScope.dialectOf(path);
    }
}
