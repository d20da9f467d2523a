package io.modelproxy.request;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.AggregationOptions;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.MediaType;
import io.modelproxy.api.Dialect;
import io.modelproxy.audio.MultipartForm;
import io.modelproxy.sse.JsonFields;
import io.modelproxy.translate.ApiError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A client's request body, checked and indexed in one streaming pass ({@link JsonBodyIndex}): it must
 * be one JSON object whose {@code model} is a non-empty string and whose {@code stream}, if present, is
 * a boolean. The pass records where {@code model} and {@code stream} sit (and where a Chat stream's
 * {@code stream_options.include_usage} can go in) so a same-dialect request goes upstream as the client's
 * own bytes with only those values spliced ({@link BodySplice}); nothing else is re-serialised. A multipart form (an audio upload) is indexed the same way for its {@code model}
 * field; a body the gateway only forwards (to the passthrough provider) is not read at all.
 */
public final class ClientRequest {
    /** Large tool definitions and inlined images are normal: lift Jackson's default string cap. */
    static final JsonFactory JSON_FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNestingDepth(2_000)
                    .build())
            .build();
    public static final ObjectMapper JSON = JsonMapper.builder(JSON_FACTORY).build();
    /**
     * How an endpoint reads the client's body: without the cached copy Armeria's default keeps in the
     * request, which lives as long as the exchange (a stream's: minutes); the body is held once, by the
     * ClientRequest made of it.
     */
    public static final AggregationOptions READ_ONCE = AggregationOptions.builder().build();
    private static final byte[] STREAM_TRUE = "\"stream\":true,".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);

    private final Dialect dialect;
    private final byte[] body;
    private final String model;
    private final int objectStart;
    private final int modelStart;
    private final int modelEnd;
    private final boolean stream;
    private final boolean forceStream;
    private final int streamStart;
    private final int streamEnd;
    /** Where {@code stream_options.include_usage: true} goes in, null when the client set it (or is no JSON body). */
    private final BodySplice askUsage;
    /** The type of a body that is not JSON (a form, a forwarded body), else null. */
    private final MediaType contentType;
    private ObjectNode tree;

    private ClientRequest(Dialect dialect, byte[] body, String model, int objectStart, int modelStart, int modelEnd,
            boolean stream, boolean forceStream, int streamStart, int streamEnd, BodySplice askUsage) {
        this(dialect, body, model, objectStart, modelStart, modelEnd, stream, forceStream, streamStart, streamEnd, askUsage,
                null);
    }

    private ClientRequest(Dialect dialect, byte[] body, String model, int objectStart, int modelStart, int modelEnd,
            boolean stream, boolean forceStream, int streamStart, int streamEnd, BodySplice askUsage, MediaType contentType) {
        this.askUsage = askUsage;
        this.contentType = contentType;
        this.dialect = dialect;
        this.body = body;
        this.model = model;
        this.objectStart = objectStart;
        this.modelStart = modelStart;
        this.modelEnd = modelEnd;
        this.stream = stream;
        this.forceStream = forceStream;
        this.streamStart = streamStart;
        this.streamEnd = streamEnd;
    }

    /** A request body that cannot be served as it is; carries the 4xx for the client. */
    public static final class Invalid extends Exception {
        private final transient ApiError error;

        Invalid(ApiError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }

        public ApiError error() {
            return error;
        }
    }

    /**
     * Checks and indexes a body.
     *
     * @param forceStream the endpoint always streams ({@code /v1/chat/completions/stream} and the aliases)
     */
    public static ClientRequest parse(Dialect dialect, byte[] body, boolean forceStream) throws Invalid {
        JsonBodyIndex index = JsonBodyIndex.read(body);
        return new ClientRequest(dialect, body, index.model(), index.objectStart(), index.modelStart(), index.modelEnd(),
                forceStream || index.streamTrue(), forceStream, index.streamStart(), index.streamEnd(), index.askUsage());
    }

    /**
     * Checks and indexes a {@code multipart/form-data} body: it must have a non-empty {@code model} field.
     */
    public static ClientRequest parseForm(Dialect dialect, byte[] body, MediaType contentType) throws Invalid {
        try {
            String boundary = MultipartForm.boundary(contentType == null ? null : contentType.toString())
                    .orElseThrow(() -> new Invalid(ApiError.invalidRequest(
                            "send the upload as multipart/form-data (with file and model fields)")));
            MultipartForm.Field model = MultipartForm.field(body, boundary, "model")
                    .orElseThrow(() -> new Invalid(ApiError.invalidRequest("the `model` form field is required", "model")));
            if (model.value().isBlank()) {
                throw new Invalid(ApiError.invalidRequest("the `model` form field must not be empty", "model"));
            }
            return new ClientRequest(dialect, body, model.value().strip(), -1, model.start(), model.end(), false, false,
                    -1, -1, null, contentType);
        } catch (MultipartForm.Malformed e) {
            throw new Invalid(ApiError.invalidRequest("the multipart body is malformed: " + e.getMessage()));
        }
    }

    /** A body forwarded as it came, read for nothing; named by {@code model} in logs and errors. */
    public static ClientRequest opaque(Dialect dialect, byte[] body, MediaType contentType, String model) {
        return new ClientRequest(dialect, body, model, -1, -1, -1, false, false, -1, -1, null,
                contentType == null ? MediaType.OCTET_STREAM : contentType);
    }

    /** A body the gateway built in the client's dialect (from a checked request), as a request. */
    public static ClientRequest of(Dialect dialect, ObjectNode body) {
        try {
            return parse(dialect, JSON.writeValueAsBytes(body), false);
        } catch (Invalid | JsonProcessingException e) {
            throw new IllegalStateException("a body derived from a checked request checks: " + e.getMessage(), e);
        }
    }

    public Dialect dialect() {
        return dialect;
    }

    /** The model id the client asked for. */
    public String model() {
        return model;
    }

    /** Whether the client gets a stream. */
    public boolean stream() {
        return stream;
    }

    public int size() {
        return body.length;
    }

    /** The bytes of the body that are text a model reads: all of a JSON body, none of an upload or a forwarded body. */
    public int textSize() {
        return contentType == null ? body.length : 0;
    }

    /** The output cap the request sets ({@code max_tokens}, {@code max_completion_tokens} or {@code max_output_tokens}), null for none. */
    public Long maxTokens() {
        if (contentType != null) {
            return null;
        }
        for (String field : new String[] {"max_tokens", "max_completion_tokens", "max_output_tokens"}) {
            long value = JsonFields.findLong(body, objectStart, body.length, field);
            if (value >= 0) {
                return value;
            }
        }
        return null;
    }

    /**
     * Whether this stream's usage may be asked of a Chat upstream for the gateway itself: the client did not
     * set {@code stream_options.include_usage}, so its answer must not show what comes back.
     */
    public boolean canAskUsage() {
        return stream && askUsage != null;
    }

    /**
     * The body for a same-dialect upstream: the client's bytes with {@code model} (and a forced {@code stream}) spliced.
     *
     * @param askUsage also splice in {@code stream_options.include_usage: true} (see {@link #canAskUsage})
     */
    public byte[] upstreamBody(byte[] quotedUpstreamModel, boolean askUsage) {
        List<BodySplice> splices = new ArrayList<>(3);
        splices.add(new BodySplice(modelStart, modelEnd, quotedUpstreamModel));
        if (askUsage && canAskUsage()) {
            splices.add(this.askUsage);
        }
        if (forceStream) {
            if (streamStart < 0) {
                splices.add(new BodySplice(objectStart + 1, objectStart + 1, STREAM_TRUE));
            } else {
                splices.add(new BodySplice(streamStart, streamEnd, TRUE));
            }
        }
        return BodySplice.apply(body, splices);
    }

    /** The body's content type: JSON, or a form's or a forwarded body's own. */
    public MediaType contentType() {
        return contentType == null ? MediaType.JSON_UTF_8 : contentType;
    }

    /**
     * The body for an untranslated upstream request with the route's model: a JSON body as
     * {@link #upstreamBody}, a form as views of the client's bytes around its new {@code model} value (the
     * upload is never copied), a forwarded body as it came.
     */
    public List<HttpData> upstreamData(String upstreamModel) {
        if (contentType == null) {
            return List.of(HttpData.wrap(upstreamBody(JsonFields.quoted(upstreamModel), false)));
        }
        if (modelStart < 0) {
            return List.of(HttpData.wrap(body));
        }
        return List.of(HttpData.wrap(body, 0, modelStart),
                HttpData.ofUtf8(upstreamModel),
                HttpData.wrap(body, modelEnd, body.length - modelEnd));
    }

    /** {@link #tree} for the request log and usage estimates; null for a form or a forwarded body, which are no JSON tree. */
    public Supplier<ObjectNode> logTree() {
        return contentType == null ? this::tree : null;
    }

    /** The body as a tree for a translator (parsed once, on first use); {@code stream} set when forced. */
    public ObjectNode tree() {
        if (tree == null) {
            try {
                tree = (ObjectNode) JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("the body was validated as one JSON object", e);
            }
            if (forceStream) {
                tree.put("stream", true);
            }
        }
        return tree;
    }
}
