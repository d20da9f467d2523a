package io.modelproxy.admin.api;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.annotation.ExceptionHandlerFunction;
import io.modelproxy.admin.store.EditRefused;
import io.modelproxy.admin.web.AdminErrorBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API's exception handler: every failure as an {@link AdminErrorBody}, never a stack trace,
 * never a request body (it may hold a key).
 */
public final class AdminErrors implements ExceptionHandlerFunction {
    private static final Logger log = LoggerFactory.getLogger(AdminErrors.class);

    @Override
    public HttpResponse handleException(ServiceRequestContext ctx, HttpRequest req, Throwable cause) {
        if (cause instanceof EditRefused refused) {
            return AdminErrorBody.response(HttpStatus.valueOf(refused.status()), refused.getMessage(), refused.field(),
                    refused.problems());
        }
        if (cause instanceof AdminRequestException bad) {
            return AdminErrorBody.response(HttpStatus.valueOf(bad.status()), bad.getMessage(), bad.field());
        }
        if (cause instanceof com.fasterxml.jackson.core.JacksonException) {
            return AdminErrorBody.response(HttpStatus.BAD_REQUEST, "the body is not valid JSON or YAML", null);
        }
        // the exception's class only: messages of IO and client errors can quote request content
        log.warn("admin request {} {} failed: {}", req.method(), ctx.path(), cause.getClass().getName());
        return AdminErrorBody.response(HttpStatus.INTERNAL_SERVER_ERROR, "the admin could not complete this request", null);
    }
}
