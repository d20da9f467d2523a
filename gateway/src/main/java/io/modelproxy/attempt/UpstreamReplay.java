package io.modelproxy.attempt;

import io.modelproxy.request.ClientRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.api.Dialect;
import io.modelproxy.translate.ModelResponse;
import io.modelproxy.translate.TranslationException;
import io.modelproxy.dialect.Dialects;
import io.modelproxy.translate.UpstreamTarget;
import java.io.IOException;

/**
 * The stream an upstream would have sent for a whole answer it gave to a streaming request, in the
 * upstream's own dialect, so the usual relay (pass-through or translation) serves it to the client.
 */
public final class UpstreamReplay {
    private UpstreamReplay() {}

    /**
     * @param request the body sent upstream (says whether a Chat stream carries a usage chunk)
     * @param answer the upstream's whole answer
     * @return the SSE bytes, or null when the answer is not a readable answer of that dialect
     */
    static byte[] asStream(Dialects dialects, Dialect dialect, byte[] request, byte[] answer, String upstreamModel) {
        try {
            JsonNode sent = ClientRequest.JSON.readTree(request);
            JsonNode got = ClientRequest.JSON.readTree(answer);
            if (!(sent instanceof ObjectNode requestBody) || !(got instanceof ObjectNode answerBody)) {
                return null;
            }
            ModelResponse response = dialects.readResponse(dialect, answerBody);
            String model = answerBody.path("model").asText(upstreamModel);
            return dialects.replay(dialect, requestBody, response, new UpstreamTarget(model, model, 0, null));
        } catch (IOException | TranslationException | RuntimeException e) {
            return null;
        }
    }
}
