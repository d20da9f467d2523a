package io.modelproxy.admin.api;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import io.modelproxy.admin.store.ManifestShape;
import io.modelproxy.admin.store.StoredObject;
import java.util.Locale;

/** The admin API's wire shapes: request bodies read as JSON or YAML, JSON answers, file downloads. */
final class AdminJson {
    private AdminJson() {
    }

    /** A JSON body, or YAML when sent as YAML (what a person pastes from a file). */
    static JsonNode read(AggregatedHttpRequest req) {
        if (req.content().isEmpty()) {
            throw AdminRequestException.badRequest("a body is required", null);
        }
        MediaType type = req.contentType();
        boolean yaml = type != null && type.subtype().toLowerCase(Locale.ROOT).contains("yaml");
        try {
            return (yaml ? ManifestShape.YAML : ManifestShape.JSON).readTree(req.contentUtf8());
        } catch (JacksonException e) {
            // the parser's message quotes the input, which may be a key: say only where
            throw AdminRequestException.badRequest("the body is not valid " + (yaml ? "YAML" : "JSON")
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), null);
        }
    }

    /** A stored object as the API shows it: its identity, its manifest, and the manifest as YAML. */
    static ObjectNode item(StoredObject object) {
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

    static HttpResponse response(HttpStatus status, JsonNode body) {
        return response(status, body, null);
    }

    /** A JSON answer, with the object's version as its ETag when there is one. */
    static HttpResponse response(HttpStatus status, JsonNode body, String version) {
        ResponseHeadersBuilder headers = ResponseHeaders.builder(status).contentType(MediaType.JSON_UTF_8);
        if (version != null && !version.isEmpty()) {
            headers.add(HttpHeaderNames.ETAG, "\"" + version + "\"");
        }
        return HttpResponse.of(headers.build(), HttpData.ofUtf8(body.toString()));
    }

    static HttpResponse download(byte[] content, MediaType type, String fileName) {
        return HttpResponse.of(ResponseHeaders.builder(HttpStatus.OK)
                        .contentType(type)
                        .add(HttpHeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName + "\"")
                        .build(),
                HttpData.wrap(content));
    }
}
