package io.modelproxy.attempt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.request.ClientRequest;
import io.modelproxy.routing.Route;
import io.modelproxy.sse.JsonFields;
import io.modelproxy.translate.DialectWire;
import io.modelproxy.translate.ExchangeTranslator;
import io.modelproxy.translate.SystemPromptEdits;
import io.modelproxy.translate.TranslationException;
import io.modelproxy.translate.UpstreamTarget;
import java.io.IOException;

/**
 * The body an attempt sends upstream: the client's body with the route's system prompt edits,
 * translated when the provider speaks another dialect, with the route's model id. A passed-through
 * request without edits is never parsed: only its {@code model} is spliced.
 */
final class UpstreamBodies {
    private UpstreamBodies() {}

    /**
     * @param translator the route's translator, null when the provider speaks the client's dialect
     * @param askUsage ask the (Chat) upstream for the stream's usage, which the client did not ask for
     */
    static byte[] body(ClientRequest request, DialectWire client, Route route, ExchangeTranslator translator,
            UpstreamTarget target, boolean askUsage) throws TranslationException, IOException {
        ObjectNode edited = withSystemPromptEdits(request, client, route);
        if (translator != null) {
            return ClientRequest.JSON.writeValueAsBytes(translator.request(edited != null ? edited : request.tree(), target));
        }
        if (edited != null) {
            if (askUsage) {
                edited.withObjectProperty("stream_options").put("include_usage", true);
            }
            return ClientRequest.JSON.writeValueAsBytes(edited.put("model", route.model()));
        }
        return request.upstreamBody(JsonFields.quoted(route.model()), askUsage);
    }

    /**
     * The client's body with the system prompt edits of the LogicalModel the route belongs to (a
     * fallback model's own edits on its routes), or null when it has none: the body then goes out as
     * it came.
     */
    static ObjectNode withSystemPromptEdits(ClientRequest request, DialectWire client, Route route) {
        SystemPromptEdits edits = new SystemPromptEdits(route.owner().systemPrompt());
        return edits.isEmpty() ? null : edits.apply(client, request.tree().deepCopy());
    }
}
