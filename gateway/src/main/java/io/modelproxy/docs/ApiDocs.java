package io.modelproxy.docs;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.file.FileService;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * {@code /docs}: the gateway's OpenAPI document ({@code /docs/openapi.yaml}, every endpoint with example
 * requests) in Swagger UI, both served from the jar, so the page works offline and behind firewalls.
 * "Try it out" calls the gateway that serves the page.
 */
public final class ApiDocs {
    private static final String OWN = "io/modelproxy/docs/";
    private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
    private static final MediaType YAML = MediaType.parse("application/yaml; charset=utf-8");

    private ApiDocs() {}

    /** Adds {@code /docs}, {@code /docs/} and the files under it. */
    public static void mount(ServerBuilder sb) {
        ClassLoader loader = ApiDocs.class.getClassLoader();
        byte[] index = read(loader, OWN + "index.html");
        byte[] openapi = read(loader, OWN + "openapi.yaml");
        sb.service("/docs", (ctx, req) -> HttpResponse.ofRedirect("/docs/"));
        sb.service("/docs/", (ctx, req) -> HttpResponse.of(HttpStatus.OK, MediaType.HTML_UTF_8, HttpData.wrap(index)));
        sb.service("/docs/openapi.yaml", (ctx, req) -> HttpResponse.of(HttpStatus.OK, YAML, HttpData.wrap(openapi)));
        HttpService viewer = FileService.of(loader, WEBJAR + swaggerUiVersion(loader));
        sb.serviceUnder("/docs/", FileService.of(loader, OWN).orElse(viewer));
    }

    /** The bundled Swagger UI's version: its files live under a directory named after it. */
    private static String swaggerUiVersion(ClassLoader loader) {
        Properties pom = new Properties();
        try (InputStream in = loader.getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("Swagger UI is missing from the class path");
            }
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pom.getProperty("version");
    }

    private static byte[] read(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
