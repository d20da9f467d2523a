package io.modelproxy.admin.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import io.modelproxy.admin.store.ManifestShape;
import io.modelproxy.manifest.Problem;
import java.util.List;

/**
 * The one shape of every admin error, {@code {"error": {"message": ..., "field": ..., "problems": [...]}}},
 * for the API, its authentication and the test bench alike.
 */
public final class AdminErrorBody {
    private AdminErrorBody() {}

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

    /** Compiler problems as the admin API lists them (errors and warnings alike). */
    public static ArrayNode problems(List<Problem> problems) {
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
