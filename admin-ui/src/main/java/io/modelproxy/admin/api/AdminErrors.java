package io.modelproxy.admin.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.annotation.ExceptionHandlerFunction;
import io.modelproxy.admin.store.EditRefused;
import io.modelproxy.admin.store.ManifestShape;
import io.modelproxy.manifest.Problem;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every admin error as {@code {"error": {"message": ..., "field": ..., "problems": [...]}}}: never a
 * stack trace, never a request body (it may hold a key).
 */
public final class AdminErrors implements ExceptionHandlerFunction {
    private static final Logger log = LoggerFactory.getLogger(AdminErrors.class);

    @Override
    public HttpResponse handleException(ServiceRequestContext ctx, HttpRequest req, Throwable cause) {
        if (cause instanceof EditRefused refused) {
            return response(HttpStatus.valueOf(refused.status()), refused.getMessage(), refused.field(),
                    refused.problems());
        }
        if (cause instanceof AdminRequestException bad) {
            return response(HttpStatus.valueOf(bad.status()), bad.getMessage(), bad.field());
        }
        if (cause instanceof com.fasterxml.jackson.core.JacksonException) {
            return response(HttpStatus.BAD_REQUEST, "the body is not valid JSON or YAML", null);
        }
        // the exception's class only: messages of IO and client errors can quote request content
        log.warn("admin request {} {} failed: {}", req.method(), ctx.path(), cause.getClass().getName());
        return response(HttpStatus.INTERNAL_SERVER_ERROR, "the admin could not complete this request", null);
    }

    public static HttpResponse response(HttpStatus status, String message, String field) {
        return response(status, message, field, List.of());
    }

    public static HttpResponse response(HttpStatus status, String message, String field, List<Problem> problems) {
        ObjectNode body = ManifestShape.JSON.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("message", message);
        error.put("field", field);
        if (!problems.isEmpty()) {
            error.set("problems", problems(problems));
        }
        return HttpResponse.of(status, MediaType.JSON_UTF_8, body.toString());
    }

    static ArrayNode problems(List<Problem> problems) {
        ArrayNode list = ManifestShape.JSON.createArrayNode();
        for (Problem problem : problems) {
            list.addObject()
                    .put("severity", problem.severity().name().toLowerCase(java.util.Locale.ROOT))
                    .put("reason", problem.reason().name())
                    .put("file", problem.file())
                    .put("kind", problem.kind())
                    .put("name", problem.name())
                    .put("field", problem.field())
                    .put("message", problem.message());
        }
        return list;
    }
}
