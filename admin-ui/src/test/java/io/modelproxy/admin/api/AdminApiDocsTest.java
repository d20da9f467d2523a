package io.modelproxy.admin.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.annotation.Delete;
import com.linecorp.armeria.server.annotation.Get;
import com.linecorp.armeria.server.annotation.Post;
import com.linecorp.armeria.server.annotation.Put;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;
import io.modelproxy.admin.store.ManifestShape;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The OpenAPI document at {@code /setup/openapi.json} names every admin route, and only those. */
class AdminApiDocsTest {
    private static final Path DOCUMENT = Path.of("web", "public", "openapi.json");

    @RegisterExtension
    static final ServerExtension server = new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) throws IOException {
            AdminFixture.mountDirectoryAdmin(sb, "admin-docs-test");
        }
    };

    @Test
    void theDocumentListsExactlyTheRoutesTheApiServes() throws IOException {
        JsonNode document = ManifestShape.JSON.readTree(Files.readString(DOCUMENT));
        Set<String> documented = new TreeSet<>();
        document.path("paths").properties().forEach(path -> path.getValue().properties().stream()
                .map(Map.Entry::getKey)
                .filter(method -> !method.equals("parameters"))
                .forEach(method -> documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));

        Set<String> served = new TreeSet<>();
        for (Method method : AdminApi.class.getDeclaredMethods()) {
            route(method).ifPresent(served::add);
        }
        assertThat(documented).isEqualTo(served);
    }

    @Test
    void theAdminServesItWithoutALogin() {
        AggregatedHttpResponse response = WebClient.of(server.httpUri()).blocking().get("/setup/openapi.json");
        assertThat(response.status().code()).isEqualTo(200);
        assertThat(response.contentUtf8()).contains("\"openapi\": \"3.1.0\"", "/v1/admin/import");
    }

    /** {@code METHOD /path} of an annotated handler, its regular expressions written as OpenAPI templates. */
    private static Optional<String> route(Method method) {
        String verb;
        String path;
        if (method.isAnnotationPresent(Get.class)) {
            verb = "GET";
            path = method.getAnnotation(Get.class).value();
        } else if (method.isAnnotationPresent(Post.class)) {
            verb = "POST";
            path = method.getAnnotation(Post.class).value();
        } else if (method.isAnnotationPresent(Put.class)) {
            verb = "PUT";
            path = method.getAnnotation(Put.class).value();
        } else if (method.isAnnotationPresent(Delete.class)) {
            verb = "DELETE";
            path = method.getAnnotation(Delete.class).value();
        } else {
            return Optional.empty();
        }
        String template = path.replaceFirst("^regex:\\^", "").replaceFirst("\\$$", "")
                .replaceAll("\\(\\?<(\\w+)>[^)]*\\)", "{$1}");
        return Optional.of(verb + " " + template);
    }
}
