package io.modelproxy.enforcement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import io.modelproxy.api.Dialect;
import io.modelproxy.translate.ModelResponse;
import io.modelproxy.translate.TranslationException;
import io.modelproxy.dialect.Dialects;
import io.modelproxy.translate.UpstreamTarget;
import io.netty.util.AsciiString;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a model act through tools (LogicalModel {@code toolCallEnforcement}): the request goes out
 * with the guidance in its system prompt and without streaming, and a reply that neither calls a tool
 * nor says the termination flag goes back with a correction, up to {@code maxRetries} times. The
 * client gets the last reply without the flag; a streaming client gets it as the stream its dialect
 * would have carried. Everything happens in the client's dialect, in front of the attempt loop, so
 * keys, fallbacks and translation work for each round as for any request.
 */
public final class ToolCallEnforcer {
    private static final Logger log = LoggerFactory.getLogger(ToolCallEnforcer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How many corrections the answer took. */
    static final AsciiString RETRIES = AsciiString.cached("x-model-proxy-tool-retries");

    private final Dialects dialects;

    /** @param dialects reads the client-dialect answers and replays them as streams */
    public ToolCallEnforcer(Dialects dialects) {
        this.dialects = dialects;
    }

    /** The gateway's attempt loop for one non-streaming request body in the client's dialect. */
    @FunctionalInterface
    public interface Attempts {
        CompletableFuture<HttpResponse> send(ObjectNode body);
    }

    /** True when enforcement concerns this request: it offers the model tools. */
    public static boolean concerns(ObjectNode clientBody) {
        return EnforcedBodies.hasTools(clientBody);
    }

    /**
     * Serves one request under the rules.
     *
     * @param clientBody the client's request body (not modified)
     * @param stream the client asked for a stream
     */
    public CompletableFuture<HttpResponse> serve(EnforcementRules rules, Dialect dialect, ObjectNode clientBody,
            String clientModel, boolean stream, Attempts attempts) {
        Rounds first = new Rounds(rules, dialect, clientBody, clientModel, stream, attempts);
        return first.send(EnforcedBodies.firstRequest(dialects.wire(dialect), clientBody, rules.guidance()), 0);
    }

    /** One request's rounds. */
    private final class Rounds {
        private final EnforcementRules rules;
        private final Dialect dialect;
        private final ObjectNode clientBody;
        private final String clientModel;
        private final boolean stream;
        private final Attempts attempts;

        Rounds(EnforcementRules rules, Dialect dialect, ObjectNode clientBody, String clientModel, boolean stream, Attempts attempts) {
            this.rules = rules;
            this.dialect = dialect;
            this.clientBody = clientBody;
            this.clientModel = clientModel;
            this.stream = stream;
            this.attempts = attempts;
        }

        CompletableFuture<HttpResponse> send(ObjectNode body, int retries) {
            return attempts.send(body).thenCompose(HttpResponse::aggregate).thenCompose(answer -> {
                ObjectNode json = answer.status().equals(HttpStatus.OK) ? object(answer) : null;
                ModelResponse reply = json == null ? null : read(json);
                if (reply == null) {
                    // an error (already in the client's dialect, with its status) or nothing enforcement can read
                    return CompletableFuture.completedFuture(answer.toHttpResponse());
                }
                if (!rules.acted(reply.hasToolCalls(), reply.text()) && retries < rules.maxRetries()) {
                    log.debug("model {} replied without a tool call; correction {} of {}", clientModel, retries + 1, rules.maxRetries());
                    return send(EnforcedBodies.withCorrection(dialects.wire(dialect), body, reply.text(), rules.correction()), retries + 1);
                }
                return CompletableFuture.completedFuture(finish(answer, json, retries));
            });
        }

        private HttpResponse finish(AggregatedHttpResponse answer, ObjectNode json, int retries) {
            EnforcedBodies.stripFlag(dialects.wire(dialect), json, rules.terminationFlag());
            ResponseHeadersBuilder headers = answer.headers().toBuilder().removeAndThen(HttpHeaderNames.CONTENT_LENGTH)
                    .setInt(RETRIES, retries);
            if (!stream) {
                return HttpResponse.of(headers.contentType(MediaType.JSON_UTF_8).build(), HttpData.wrap(bytes(json)));
            }
            ModelResponse reply = read(json);
            if (reply == null) {
                throw new IllegalStateException("an answer read once reads again");
            }
            byte[] sse = dialects.replay(dialect, clientBody, reply, new UpstreamTarget(clientModel, clientModel, 0, null));
            ResponseHeaders streamHeaders = headers.contentType(MediaType.EVENT_STREAM).set(HttpHeaderNames.CACHE_CONTROL, "no-cache").build();
            return HttpResponse.of(streamHeaders, HttpData.wrap(sse));
        }

        private ModelResponse read(ObjectNode json) {
            try {
                return dialects.readResponse(dialect, json);
            } catch (TranslationException e) {
                return null;
            }
        }
    }

    private static ObjectNode object(AggregatedHttpResponse answer) {
        try {
            JsonNode node = JSON.readTree(answer.content().array());
            return node instanceof ObjectNode o ? o : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static byte[] bytes(ObjectNode json) {
        try {
            return JSON.writeValueAsBytes(json);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }
}
