package io.modelproxy.translate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.api.Protocol;
import io.modelproxy.dialect.anthropic.AnthropicDialect;
import io.modelproxy.dialect.chat.ChatDialect;
import io.modelproxy.dialect.responses.ResponsesDialect;
import io.modelproxy.sse.SseEvent;
import java.time.Clock;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The gateway's entry to translation: one {@link ExchangeTranslator} per exchange between two
 * different dialects (same dialect passes through untouched and never comes here).
 *
 * <pre>{@code
 * Translators translators = Translators.standard();          // once
 * ExchangeTranslator t = translators.between(client, upstream); // per exchange
 * ObjectNode up = t.request(body, target);                   // TranslationException → 4xx
 * ObjectNode answer = t.response(upstreamBody, target);      // or, streaming:
 * StreamTranslator s = t.stream(target);
 * }</pre>
 */
public final class Translators {
    private final IdSource ids;

    public Translators(IdSource ids) {
        this.ids = ids;
    }

    /** Random ids and the system clock. */
    public static Translators standard() {
        return new Translators(IdSource.random(Clock.systemUTC()));
    }

    /** A new translator for one exchange; the same instance must serve its request and its response. */
    public ExchangeTranslator between(Protocol client, Protocol upstream) {
        if (client == upstream) {
            throw new IllegalArgumentException("same dialect on both sides passes through untranslated: " + client);
        }
        return new DialectExchange(dialect(client), dialect(upstream), ids);
    }

    /** Reads a client's request body of {@code dialect} into the neutral model, as a translation would. */
    public ModelRequest readRequest(Protocol dialect, ObjectNode body) throws TranslationException {
        return dialect(dialect).decodeRequest(body, new Exchange(dialect, dialect, ids));
    }

    /**
     * Reads a whole response body of {@code dialect}, as a client of that dialect receives it, into
     * the neutral model (tool names and ids as they are in the body).
     */
    public ModelResponse readResponse(Protocol dialect, ObjectNode body) throws TranslationException {
        return dialect(dialect).decodeResponse(body, new Exchange(dialect, dialect, ids));
    }

    /**
     * The stream (its bytes on the wire) a client of {@code dialect} receives for a whole answer, as if
     * the upstream had streamed it: for requests the gateway had to send without streaming.
     *
     * @param clientRequest the client's own request body, which says what its stream carries (a Chat
     *     client's usage chunk, the fields a Responses client gets echoed)
     */
    public byte[] replay(Protocol dialect, ObjectNode clientRequest, ModelResponse answer, UpstreamTarget target) {
        Dialect codec = dialect(dialect);
        Exchange exchange = new Exchange(dialect, dialect, ids);
        try {
            codec.decodeRequest(clientRequest, exchange);
        } catch (TranslationException e) {
            // a request only its own dialect's upstream understands (previous_response_id, n > 1): the
            // stream is still whole, only without the echoed request fields
        }
        StreamEncoder encoder = codec.streamEncoder(target, exchange);
        List<SseEvent> events = new ArrayList<>();
        for (StreamEvent event : answer.events()) {
            encoder.encode(event, events);
        }
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        events.forEach(e -> wire.writeBytes(e.toBytes()));
        return wire.toByteArray();
    }

    private static Dialect dialect(Protocol protocol) {
        return switch (protocol) {
            case AnthropicMessages -> new AnthropicDialect();
            case OpenAIChat -> new ChatDialect();
            case OpenAIResponses -> new ResponsesDialect();
        };
    }
}
