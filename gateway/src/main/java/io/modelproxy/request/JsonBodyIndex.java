package io.modelproxy.request;

import static io.modelproxy.sse.JsonFields.ascii;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.modelproxy.request.ClientRequest.Invalid;
import io.modelproxy.translate.ApiError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;

/**
 * Where a client's JSON body has its object, its {@code model} value and its {@code stream} value (-1
 * for one that is absent), found in one streaming pass that also checks the body: one JSON object, in
 * UTF-8, whose {@code model} is a non-empty string and whose {@code stream}, if present, is a boolean
 * (or null), each at most once; and where {@code "include_usage": true} would go in {@code stream_options}
 * ({@code askUsage}), null when the client set {@code include_usage} or a {@code stream_options} that is no object.
 */
record JsonBodyIndex(int objectStart, String model, int modelStart, int modelEnd, boolean streamTrue, int streamStart,
        int streamEnd, BodySplice askUsage) {
    private static final byte[] STREAM_OPTIONS_USAGE = ascii("\"stream_options\":{\"include_usage\":true},");
    private static final byte[] INCLUDE_USAGE = ascii("\"include_usage\":true");
    private static final byte[] INCLUDE_USAGE_FIRST = ascii("\"include_usage\":true,");

    /** Checks and indexes {@code body}. */
    static JsonBodyIndex read(byte[] body) throws Invalid {
        String model = null;
        int objectStart = -1;
        int modelStart = -1;
        int modelEnd = -1;
        Boolean stream = null;
        int streamStart = -1;
        int streamEnd = -1;
        // where `stream_options.include_usage: true` goes in; null once the client set it, or set stream_options to a non-object
        BodySplice askUsage = null;
        boolean optionsSeen = false;
        try (JsonParser p = ClientRequest.JSON_FACTORY.createParser(body)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new Invalid(ApiError.invalidRequest("request body is empty: send a JSON object"));
            }
            if (first != JsonToken.START_OBJECT) {
                throw new Invalid(ApiError.invalidRequest("request body must be a JSON object"));
            }
            objectStart = (int) p.currentTokenLocation().getByteOffset();
            if (objectStart < 0) {
                // Jackson sniffed UTF-16/32 and reads chars: byte offsets (for splicing `model`) are gone
                throw new Invalid(ApiError.invalidRequest("request body must be UTF-8 encoded JSON"));
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("model".equals(field)) {
                    if (modelStart >= 0) {
                        throw new Invalid(ApiError.invalidRequest("`model` appears twice in the request body", "model"));
                    }
                    if (value != JsonToken.VALUE_STRING) {
                        throw new Invalid(ApiError.invalidRequest("`model` must be a string", "model"));
                    }
                    modelStart = (int) p.currentTokenLocation().getByteOffset();
                    model = p.getText();
                    modelEnd = (int) p.currentLocation().getByteOffset();
                } else if ("stream".equals(field)) {
                    if (streamStart >= 0) {
                        throw new Invalid(ApiError.invalidRequest("`stream` appears twice in the request body", "stream"));
                    }
                    if (value != JsonToken.VALUE_TRUE && value != JsonToken.VALUE_FALSE && value != JsonToken.VALUE_NULL) {
                        throw new Invalid(ApiError.invalidRequest("`stream` must be a boolean", "stream"));
                    }
                    streamStart = (int) p.currentTokenLocation().getByteOffset();
                    streamEnd = (int) p.currentLocation().getByteOffset();
                    stream = value == JsonToken.VALUE_TRUE;
                } else if ("stream_options".equals(field) && !optionsSeen) {
                    optionsSeen = true;
                    askUsage = value == JsonToken.START_OBJECT ? usageInOptions(p) : null;
                } else {
                    p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new Invalid(ApiError.invalidRequest("request body must be exactly one JSON object"));
            }
        } catch (JsonProcessingException e) {
            throw new Invalid(ApiError.invalidRequest("request body is not valid JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        } catch (IOException e) {
            throw new UncheckedIOException("reading a byte array cannot fail", e);
        }
        if (model == null) {
            throw new Invalid(ApiError.invalidRequest("`model` is required", "model"));
        }
        if (model.isBlank()) {
            throw new Invalid(ApiError.invalidRequest("`model` must not be empty", "model"));
        }
        if (!optionsSeen) {
            askUsage = new BodySplice(objectStart + 1, objectStart + 1, STREAM_OPTIONS_USAGE);
        }
        return new JsonBodyIndex(objectStart, model, modelStart, modelEnd, Boolean.TRUE.equals(stream), streamStart,
                streamEnd, askUsage);
    }

    /** Inside a {@code stream_options} object: where {@code include_usage} goes in, null when the client set it. */
    private static BodySplice usageInOptions(JsonParser p) throws IOException {
        int at = (int) p.currentTokenLocation().getByteOffset() + 1;
        boolean empty = true;
        boolean named = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            empty = false;
            named |= "include_usage".equals(p.currentName());
            p.nextToken();
            p.skipChildren();
        }
        return named ? null : new BodySplice(at, at, empty ? INCLUDE_USAGE : INCLUDE_USAGE_FIRST);
    }

}
