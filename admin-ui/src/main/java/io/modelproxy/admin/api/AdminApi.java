package io.modelproxy.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.Cookie;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.annotation.Blocking;
import com.linecorp.armeria.server.annotation.Default;
import com.linecorp.armeria.server.annotation.Delete;
import com.linecorp.armeria.server.annotation.Get;
import com.linecorp.armeria.server.annotation.Header;
import com.linecorp.armeria.server.annotation.Param;
import com.linecorp.armeria.server.annotation.Post;
import com.linecorp.armeria.server.annotation.Put;
import io.modelproxy.admin.activity.KeyStatusSource;
import io.modelproxy.admin.activity.RecentRequests;
import io.modelproxy.admin.activity.RequestSummary;
import io.modelproxy.admin.auth.AdminAuth;
import io.modelproxy.admin.auth.AdminSessions;
import io.modelproxy.admin.bench.TestBench;
import io.modelproxy.admin.bundle.ManifestBundles;
import io.modelproxy.admin.store.EditRefused;
import io.modelproxy.admin.store.ManifestShape;
import io.modelproxy.admin.store.ManifestStore;
import io.modelproxy.admin.store.ObjectKind;
import io.modelproxy.admin.store.Precondition;
import io.modelproxy.admin.store.StoredObject;
import io.modelproxy.admin.web.AdminErrorBody;
import io.modelproxy.bundle.ExportResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The admin HTTP API under {@code /v1/admin/}. Every handler runs off the event loop ({@link Blocking}):
 * stores read files or call the API server. {@link AdminAuth} guards it; errors are {@link AdminErrors}.
 */
@Blocking
final class AdminApi {
    private static final String KINDS = "(?<kind>providers|models|gateways)";
    private static final String OBJECT = "regex:^/v1/admin/" + KINDS + "/(?<name>[^/]+)$";
    private static final Pattern NAME = Pattern.compile("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$");
    private static final List<String> DIALECTS = List.of("chat", "responses", "messages");

    private final ManifestStore store;
    private final AdminAuth auth;
    private final AdminSessions sessions;
    private final Optional<RecentRequests> requests;
    private final KeyOverview keys;
    private final ManifestBundles bundles;
    private final Optional<TestBench> bench;

    AdminApi(ManifestStore store, AdminAuth auth, AdminSessions sessions, Optional<RecentRequests> requests,
            Optional<KeyStatusSource> keyStatuses, Optional<TestBench> bench) {
        this.store = store;
        this.auth = auth;
        this.sessions = sessions;
        this.requests = requests;
        this.keys = new KeyOverview(store, keyStatuses);
        this.bundles = new ManifestBundles(store);
        this.bench = bench;
    }

    @Post("/v1/admin/login")
    public HttpResponse login(ServiceRequestContext ctx, AggregatedHttpRequest req) {
        if (!auth.requiresCredential()) {
            return AdminJson.response(HttpStatus.OK, ManifestShape.JSON.createObjectNode().put("authenticated", true));
        }
        String key = AdminJson.read(req).path("key").asText("");
        if (!auth.accepts(key)) {
            return AdminErrorBody.response(HttpStatus.UNAUTHORIZED, "wrong admin key", "key");
        }
        Cookie cookie = Cookie.secureBuilder(AdminAuth.COOKIE, sessions.open())
                .secure(ctx.sessionProtocol() == SessionProtocol.HTTPS || ctx.sessionProtocol() == SessionProtocol.H2)
                .sameSite("Strict")
                .path("/")
                .maxAge(Duration.ofHours(12).toSeconds())
                .build();
        return HttpResponse.of(ResponseHeaders.builder(HttpStatus.OK)
                        .contentType(MediaType.JSON_UTF_8)
                        .add(HttpHeaderNames.SET_COOKIE, cookie.toSetCookieHeader())
                        .build(),
                HttpData.ofUtf8("{\"authenticated\":true}"));
    }

    @Post("/v1/admin/logout")
    public HttpResponse logout(AggregatedHttpRequest req) {
        sessions.close(AdminAuth.sessionToken(req.toHttpRequest()));
        Cookie expired = Cookie.secureBuilder(AdminAuth.COOKIE, "").sameSite("Strict").path("/").maxAge(0)
                .secure(false).build();
        return HttpResponse.of(ResponseHeaders.builder(HttpStatus.NO_CONTENT)
                .add(HttpHeaderNames.SET_COOKIE, expired.toSetCookieHeader()).build());
    }

    @Get("/v1/admin/session")
    public HttpResponse session() {
        ObjectNode body = ManifestShape.JSON.createObjectNode()
                .put("authenticated", true)
                .put("mode", store.mode())
                .put("location", store.location())
                .put("credentialRequired", auth.requiresCredential());
        body.putObject("features")
                .put("requests", requests.isPresent())
                .put("keyStates", keys.hasLiveStates())
                .put("bench", bench.isPresent());
        return AdminJson.response(HttpStatus.OK, body);
    }

    @Get("/v1/admin/overview")
    public HttpResponse overview() {
        ObjectNode body = ManifestShape.JSON.createObjectNode()
                .put("mode", store.mode())
                .put("location", store.location());
        ObjectNode counts = body.putObject("counts");
        for (ObjectKind kind : ObjectKind.values()) {
            counts.put(kind.path(), store.list(kind).size());
        }
        body.set("problems", AdminErrorBody.problems(store.problems()));
        requests.ifPresent(recent -> {
            List<RequestSummary> last = recent.recent(1000);
            body.putObject("requests")
                    .put("count", last.size())
                    .put("errors", last.stream().filter(r -> r.status() >= 400).count());
        });
        return AdminJson.response(HttpStatus.OK, body);
    }

    @Get("regex:^/v1/admin/" + KINDS + "$")
    public HttpResponse list(@Param("kind") String kind) {
        ArrayNode items = ManifestShape.JSON.createArrayNode();
        store.list(kind(kind)).forEach(object -> items.add(AdminJson.item(object)));
        ObjectNode body = ManifestShape.JSON.createObjectNode();
        body.set("items", items);
        return AdminJson.response(HttpStatus.OK, body);
    }

    @Get(OBJECT)
    public HttpResponse get(@Param("kind") String kind, @Param("name") String name) {
        ObjectKind objectKind = kind(kind);
        StoredObject object = store.get(objectKind, name(name))
                .orElseThrow(() -> EditRefused.notFound(objectKind.kind() + " " + name + " not found"));
        return AdminJson.response(HttpStatus.OK, AdminJson.item(object), object.version());
    }

    @Put(OBJECT)
    public HttpResponse put(@Param("kind") String kind, @Param("name") String name,
            @Param("dryRun") @Default("false") boolean dryRun,
            @Header("if-match") Optional<String> ifMatch, @Header("if-none-match") Optional<String> ifNoneMatch,
            AggregatedHttpRequest req) {
        ObjectKind objectKind = kind(kind);
        Precondition precondition = precondition(ifMatch, ifNoneMatch);
        ManifestStore.Written written = store.put(objectKind, name(name), AdminJson.read(req), precondition, dryRun);
        ObjectNode body = AdminJson.item(written.object());
        body.put("yaml", written.yaml());
        body.put("changed", written.changed());
        body.put("dryRun", dryRun);
        body.set("warnings", AdminErrorBody.problems(written.warnings()));
        return AdminJson.response(HttpStatus.OK, body, dryRun ? null : written.object().version());
    }

    @Delete(OBJECT)
    public HttpResponse delete(@Param("kind") String kind, @Param("name") String name,
            @Header("if-match") Optional<String> ifMatch) {
        store.delete(kind(kind), name(name), precondition(ifMatch, Optional.empty()));
        return HttpResponse.of(HttpStatus.NO_CONTENT);
    }

    @Put("/v1/admin/secrets/{name}/keys/{key}")
    public HttpResponse setKey(@Param("name") String secret, @Param("key") String key, AggregatedHttpRequest req) {
        if (!key.matches("^[-._a-zA-Z0-9]+$")) {
            throw AdminRequestException.badRequest("a key name is letters, digits, '-', '_' and '.'", "key");
        }
        JsonNode value = AdminJson.read(req).path("value");
        if (!value.isTextual() || value.asText().isBlank()) {
            throw AdminRequestException.badRequest("send {\"value\": \"<the key>\"}", "value");
        }
        String digest = store.setKey(name(secret), key, value.asText());
        return AdminJson.response(HttpStatus.OK, ManifestShape.JSON.createObjectNode()
                .put("secret", secret).put("key", key).put("digest", digest));
    }

    @Get("/v1/admin/keys")
    public HttpResponse keys() {
        return AdminJson.response(HttpStatus.OK, keys.body());
    }

    @Get("/v1/admin/requests")
    public HttpResponse requests(@Param("limit") @Default("200") int limit, @Param("model") Optional<String> model,
            @Param("client") Optional<String> client, @Param("errors") @Default("false") boolean errorsOnly) {
        RecentRequests recent = requests.orElseThrow(() -> AdminRequestException.notAvailable(
                "recent requests are kept by a running gateway; this admin runs without one"));
        return AdminJson.response(HttpStatus.OK, RequestListing.body(recent, limit, model, client, errorsOnly));
    }

    @Post("/v1/admin/import")
    public HttpResponse importFile(@Param("dryRun") @Default("true") boolean dryRun,
            @Param("name") @Default("upload.yaml") String fileName, @Param("format") @Default("auto") String format,
            @Param("includeKeyValues") @Default("false") boolean includeKeyValues, AggregatedHttpRequest req) {
        if (req.content().isEmpty()) {
            throw AdminRequestException.badRequest("upload a file", "file");
        }
        ManifestBundles.Import result;
        try {
            result = dryRun ? bundles.plan(fileName, format, req.contentUtf8(), includeKeyValues)
                    : bundles.apply(fileName, format, req.contentUtf8(), includeKeyValues);
        } catch (IllegalArgumentException e) {
            throw AdminRequestException.badRequest(e.getMessage(), "file");
        }
        return AdminJson.response(HttpStatus.OK, BundleReports.imported(result, dryRun));
    }

    @Get("/v1/admin/export")
    public HttpResponse export(@Param("format") @Default("yaml") String format,
            @Param("includeSecretValues") @Default("false") boolean includeSecretValues,
            @Param("report") @Default("false") boolean report) {
        switch (format) {
            case "yaml" -> {
                String text = "# Model Proxy manifests exported from " + store.mode() + " " + store.location()
                        + ".\n# Secrets are not exported: key values never leave the admin.\n" + bundles.yaml();
                return AdminJson.download(text.getBytes(StandardCharsets.UTF_8), MediaType.parse("application/yaml"),
                        "model-proxy-manifests.yaml");
            }
            case "bundle" -> {
                ExportResult exported = bundles.bundle(includeSecretValues);
                if (report || exported.hasErrors()) {
                    return AdminJson.response(exported.hasErrors() ? HttpStatus.CONFLICT : HttpStatus.OK,
                            BundleReports.exported(exported));
                }
                return AdminJson.download(exported.text().getBytes(StandardCharsets.UTF_8), MediaType.JSON_UTF_8,
                        ManifestBundles.bundleFileName());
            }
            default -> throw AdminRequestException.badRequest("format must be yaml or bundle", "format");
        }
    }

    @Post("/v1/admin/bench")
    public HttpResponse bench(ServiceRequestContext ctx, AggregatedHttpRequest req) {
        TestBench testBench = bench.orElseThrow(() -> AdminRequestException.notAvailable(
                "the test bench needs a running gateway; this admin runs without one"));
        JsonNode body = AdminJson.read(req);
        String model = body.path("model").asText("");
        String dialect = body.path("dialect").asText("chat");
        String prompt = body.path("prompt").asText("");
        if (model.isBlank()) {
            throw AdminRequestException.badRequest("choose a model", "model");
        }
        if (!DIALECTS.contains(dialect)) {
            throw AdminRequestException.badRequest("dialect must be one of " + DIALECTS, "dialect");
        }
        if (prompt.isBlank()) {
            throw AdminRequestException.badRequest("write a prompt", "prompt");
        }
        ctx.clearRequestTimeout();  // a streamed answer may take minutes
        String clientKey = body.path("clientKey").asText(null);
        return testBench.send(model, dialect, prompt, clientKey);
    }

    private static ObjectKind kind(String path) {
        return ObjectKind.ofPath(path).orElseThrow(() -> EditRefused.notFound("no such kind: " + path));
    }

    private static String name(String name) {
        if (name.length() > 253 || !NAME.matcher(name).matches()) {
            throw AdminRequestException.badRequest(
                    "a name is lowercase letters, digits, '-' and '.', starting and ending with a letter or digit",
                    "metadata.name");
        }
        return name;
    }

    private static Precondition precondition(Optional<String> ifMatch, Optional<String> ifNoneMatch) {
        if (ifNoneMatch.map(String::strip).filter("*"::equals).isPresent()) {
            return Precondition.CREATE;
        }
        return ifMatch.map(v -> v.strip().replace("\"", "")).filter(v -> !v.isEmpty() && !v.equals("*"))
                .map(Precondition::ifMatch).orElse(Precondition.NONE);
    }
}
