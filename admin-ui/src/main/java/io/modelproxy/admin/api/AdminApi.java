package io.modelproxy.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.Cookie;
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
import io.modelproxy.admin.activity.KeyStatus;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
    private final Optional<KeyStatusSource> keyStatuses;
    private final ManifestBundles bundles;
    private final Optional<TestBench> bench;

    AdminApi(ManifestStore store, AdminAuth auth, AdminSessions sessions, Optional<RecentRequests> requests,
            Optional<KeyStatusSource> keyStatuses, Optional<TestBench> bench) {
        this.store = store;
        this.auth = auth;
        this.sessions = sessions;
        this.requests = requests;
        this.keyStatuses = keyStatuses;
        this.bundles = new ManifestBundles(store);
        this.bench = bench;
    }

    @Post("/v1/admin/login")
    public HttpResponse login(ServiceRequestContext ctx, AggregatedHttpRequest req) {
        if (!auth.requiresCredential()) {
            return json(HttpStatus.OK, ManifestShape.JSON.createObjectNode().put("authenticated", true));
        }
        String key = body(req).path("key").asText("");
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
                com.linecorp.armeria.common.HttpData.ofUtf8("{\"authenticated\":true}"));
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
                .put("keyStates", keyStatuses.isPresent())
                .put("bench", bench.isPresent());
        return json(HttpStatus.OK, body);
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
        return json(HttpStatus.OK, body);
    }

    @Get("regex:^/v1/admin/" + KINDS + "$")
    public HttpResponse list(@Param("kind") String kind) {
        ArrayNode items = ManifestShape.JSON.createArrayNode();
        store.list(kind(kind)).forEach(object -> items.add(item(object)));
        ObjectNode body = ManifestShape.JSON.createObjectNode();
        body.set("items", items);
        return json(HttpStatus.OK, body);
    }

    @Get(OBJECT)
    public HttpResponse get(@Param("kind") String kind, @Param("name") String name) {
        ObjectKind objectKind = kind(kind);
        StoredObject object = store.get(objectKind, name(name))
                .orElseThrow(() -> EditRefused.notFound(objectKind.kind() + " " + name + " not found"));
        return json(HttpStatus.OK, item(object), object.version());
    }

    @Put(OBJECT)
    public HttpResponse put(@Param("kind") String kind, @Param("name") String name,
            @Param("dryRun") @Default("false") boolean dryRun,
            @Header("if-match") Optional<String> ifMatch, @Header("if-none-match") Optional<String> ifNoneMatch,
            AggregatedHttpRequest req) {
        ObjectKind objectKind = kind(kind);
        Precondition precondition = precondition(ifMatch, ifNoneMatch);
        ManifestStore.Written written = store.put(objectKind, name(name), body(req), precondition, dryRun);
        ObjectNode body = item(written.object());
        body.put("yaml", written.yaml());
        body.put("changed", written.changed());
        body.put("dryRun", dryRun);
        body.set("warnings", AdminErrorBody.problems(written.warnings()));
        return json(HttpStatus.OK, body, dryRun ? null : written.object().version());
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
        JsonNode value = body(req).path("value");
        if (!value.isTextual() || value.asText().isBlank()) {
            throw AdminRequestException.badRequest("send {\"value\": \"<the key>\"}", "value");
        }
        String digest = store.setKey(name(secret), key, value.asText());
        return json(HttpStatus.OK, ManifestShape.JSON.createObjectNode()
                .put("secret", secret).put("key", key).put("digest", digest));
    }

    @Get("/v1/admin/keys")
    public HttpResponse keys() {
        Map<String, Map<String, String>> digests = store.keyDigests();
        List<KeyStatus> states = keyStatuses.map(KeyStatusSource::statuses).orElse(List.of());
        ArrayNode keys = ManifestShape.JSON.createArrayNode();
        for (StoredObject provider : store.list(ObjectKind.PROVIDERS)) {
            for (JsonNode source : provider.manifest().path("spec").path("apiKeys")) {
                String secret = source.path("secretRef").path("name").asText(null);
                String key = source.path("secretRef").path("key").asText(null);
                if (secret == null) {
                    continue;
                }
                Map<String, String> known = digests.getOrDefault(secret, Map.of());
                List<String> names = key != null ? List.of(key)
                        : known.isEmpty() ? java.util.Collections.singletonList(null) : List.copyOf(known.keySet());
                for (String name : names) {
                    ObjectNode entry = keys.addObject()
                            .put("provider", provider.name())
                            .put("secret", secret)
                            .put("key", name)
                            .put("digest", name == null ? null : known.get(name));
                    states.stream()
                            .filter(s -> s.provider().equals(provider.name()) && s.secret().equals(secret)
                                    && (name == null || name.equals(s.key())))
                            .findFirst()
                            .ifPresentOrElse(state -> entry
                                            .put("state", state.state())
                                            .put("until", state.until() == null ? null : state.until().toString())
                                            .put("reason", state.reason()),
                                    () -> entry.put("state", name != null && !known.containsKey(name) && !known.isEmpty()
                                            ? "missing" : "unknown"));
                }
            }
        }
        ObjectNode body = ManifestShape.JSON.createObjectNode();
        body.set("keys", keys);
        body.put("liveStates", keyStatuses.isPresent());
        return json(HttpStatus.OK, body);
    }

    @Get("/v1/admin/requests")
    public HttpResponse requests(@Param("limit") @Default("200") int limit, @Param("model") Optional<String> model,
            @Param("client") Optional<String> client, @Param("errors") @Default("false") boolean errorsOnly) {
        RecentRequests recent = requests.orElseThrow(() -> AdminRequestException.notAvailable(
                "recent requests are kept by a running gateway; this admin runs without one"));
        ArrayNode items = ManifestShape.JSON.createArrayNode();
        recent.recent(Math.max(1, Math.min(limit, 1000))).stream()
                .filter(r -> model.isEmpty() || model.get().equals(r.model()))
                .filter(r -> client.isEmpty() || client.get().equals(r.client()))
                .filter(r -> !errorsOnly || r.status() >= 400)
                .forEach(r -> items.addObject()
                        .put("time", r.time().toString())
                        .put("client", r.client())
                        .put("model", r.model())
                        .put("route", r.route())
                        .put("status", r.status())
                        .put("latencyMillis", r.latencyMillis())
                        .put("inputTokens", r.inputTokens())
                        .put("outputTokens", r.outputTokens()));
        ObjectNode body = ManifestShape.JSON.createObjectNode();
        body.set("items", items);
        return json(HttpStatus.OK, body);
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
        ObjectNode body = ManifestShape.JSON.createObjectNode()
                .put("dryRun", dryRun)
                .put("format", result.format().name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .put("applicable", result.applicable());
        ArrayNode objects = body.putArray("objects");
        result.objects().forEach(o -> objects.addObject().put("kind", o.kind().kind()).put("name", o.name())
                .put("action", o.action()).put("yaml", ManifestShape.yaml(o.manifest())));
        ArrayNode keys = body.putArray("keys");
        result.keys().forEach(k -> keys.addObject().put("secret", k.secret()).put("key", k.key())
                .put("variable", k.variable()).put("action", k.action().name().toLowerCase(Locale.ROOT)));
        ArrayNode notes = body.putArray("notes");
        result.notes().forEach(n -> notes.addObject()
                .put("level", n.level().name().toLowerCase(Locale.ROOT)).put("message", n.display()));
        body.set("problems", AdminErrorBody.problems(result.problems()));
        return json(HttpStatus.OK, body);
    }

    @Get("/v1/admin/export")
    public HttpResponse export(@Param("format") @Default("yaml") String format,
            @Param("includeSecretValues") @Default("false") boolean includeSecretValues,
            @Param("report") @Default("false") boolean report) {
        switch (format) {
            case "yaml" -> {
                String text = "# Model Proxy manifests exported from " + store.mode() + " " + store.location()
                        + ".\n# Secrets are not exported: key values never leave the admin.\n" + bundles.yaml();
                return download(text.getBytes(StandardCharsets.UTF_8), MediaType.parse("application/yaml"),
                        "model-proxy-manifests.yaml");
            }
            case "bundle" -> {
                ExportResult exported = bundles.bundle(includeSecretValues);
                if (report || exported.hasErrors()) {
                    // the notes only: what a bundle cannot hold, or why there is no bundle
                    ObjectNode body = ManifestShape.JSON.createObjectNode().put("exportable", !exported.hasErrors());
                    ArrayNode notes = body.putArray("notes");
                    exported.notes().forEach(n -> notes.addObject()
                            .put("level", n.level().name().toLowerCase(Locale.ROOT)).put("message", n.display()));
                    return json(exported.hasErrors() ? HttpStatus.CONFLICT : HttpStatus.OK, body);
                }
                return download(exported.text().getBytes(StandardCharsets.UTF_8), MediaType.JSON_UTF_8,
                        ManifestBundles.bundleFileName());
            }
            default -> throw AdminRequestException.badRequest("format must be yaml or bundle", "format");
        }
    }

    @Post("/v1/admin/bench")
    public HttpResponse bench(ServiceRequestContext ctx, AggregatedHttpRequest req) {
        TestBench testBench = bench.orElseThrow(() -> AdminRequestException.notAvailable(
                "the test bench needs a running gateway; this admin runs without one"));
        JsonNode body = body(req);
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

    /** A JSON body, or YAML when sent as YAML (what a person pastes from a file). */
    private static JsonNode body(AggregatedHttpRequest req) {
        if (req.content().isEmpty()) {
            throw AdminRequestException.badRequest("a body is required", null);
        }
        MediaType type = req.contentType();
        boolean yaml = type != null && type.subtype().toLowerCase(Locale.ROOT).contains("yaml");
        try {
            return (yaml ? ManifestShape.YAML : ManifestShape.JSON).readTree(req.contentUtf8());
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            // the parser's message quotes the input, which may be a key: say only where
            throw AdminRequestException.badRequest("the body is not valid " + (yaml ? "YAML" : "JSON")
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), null);
        }
    }

    private static ObjectNode item(StoredObject object) {
        ObjectNode item = ManifestShape.JSON.createObjectNode()
                .put("kind", object.kind().kind())
                .put("name", object.name())
                .put("version", object.version())
                .put("source", object.source())
                .put("readOnly", object.readOnly());
        item.set("manifest", object.manifest());
        item.put("yaml", ManifestShape.yaml(object.manifest()));
        return item;
    }

    private static HttpResponse json(HttpStatus status, JsonNode body) {
        return json(status, body, null);
    }

    private static HttpResponse json(HttpStatus status, JsonNode body, String version) {
        com.linecorp.armeria.common.ResponseHeadersBuilder headers = ResponseHeaders.builder(status).contentType(MediaType.JSON_UTF_8);
        if (version != null && !version.isEmpty()) {
            headers.add(HttpHeaderNames.ETAG, "\"" + version + "\"");
        }
        return HttpResponse.of(headers.build(), com.linecorp.armeria.common.HttpData.ofUtf8(body.toString()));
    }

    private static HttpResponse download(byte[] content, MediaType type, String fileName) {
        return HttpResponse.of(ResponseHeaders.builder(HttpStatus.OK)
                        .contentType(type)
                        .add(HttpHeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName + "\"")
                        .build(),
                com.linecorp.armeria.common.HttpData.wrap(content));
    }
}
