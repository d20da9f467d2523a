package io.modelproxy.dialect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.translate.DialectCodec;
import io.modelproxy.translate.IdSource;
import io.modelproxy.translate.ModelRequest;
import io.modelproxy.translate.ModelResponse;
import io.modelproxy.translate.StreamEncoder;
import io.modelproxy.translate.StreamEvent;
import io.modelproxy.translate.TranslationException;
import io.modelproxy.translate.TranslationState;
import io.modelproxy.translate.UpstreamTarget;
import io.modelproxy.translate.ExchangeTranslator;
import io.modelproxy.api.Dialect;
import io.modelproxy.dialect.anthropic.AnthropicWire;
import io.modelproxy.dialect.chat.ChatWire;
import io.modelproxy.dialect.responses.ResponsesWire;
import io.modelproxy.translate.DialectWire;
import java.util.EnumMap;
import java.util.Map;
import io.modelproxy.sse.SseEvent;
import java.time.Clock;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The registry of wire dialects, created once per gateway and passed where a dialect's knowledge is
 * needed: the {@link DialectWire} of each dialect, and one {@link ExchangeTranslator} per exchange
 * between two different dialects (same dialect passes through untouched and never translates).
 *
 * <pre>{@code
 * Dialects dialects = Dialects.standard();                  // once
 * DialectWire wire = dialects.wire(Dialect.OpenAIChat);     // paths, stream commit, errors, system prompt
 * ExchangeTranslator t = dialects.between(client, upstream); // per exchange
 * ObjectNode up = t.request(body, target);                  // TranslationException → 4xx
 * ObjectNode answer = t.response(upstreamBody, target);     // or, streaming:
 * StreamTranslator s = t.stream(target);
 * }</pre>
 */
public final class Dialects {
    private final IdSource ids;
    private final Map<Dialect, DialectWire> wires = new EnumMap<>(Dialect.class);

    public Dialects(IdSource ids) {
        this.ids = ids;
        for (DialectWire wire : List.of(new ChatWire(), new ResponsesWire(), new AnthropicWire())) {
            wires.put(wire.dialect(), wire);
        }
        // Mock has no wire of its own: its provider answers in OpenAI Chat's (Upstream#protocol)
        if (wires.size() != Dialect.values().length - 1 || wires.containsKey(Dialect.Mock)) {
            throw new IllegalStateException("a dialect without its wire: " + wires.keySet());
        }
    }

    /** Random ids and the system clock. */
    public static Dialects standard() {
        return new Dialects(IdSource.random(Clock.systemUTC()));
    }

    /** Everything the gateway knows about one dialect. */
    public DialectWire wire(Dialect dialect) {
        return wires.get(dialect);
    }

    /** A new translator for one exchange; the same instance must serve its request and its response. */
    public ExchangeTranslator between(Dialect client, Dialect upstream) {
        if (client == upstream) {
            throw new IllegalArgumentException("same dialect on both sides passes through untranslated: " + client);
        }
        return new DialectExchange(dialect(client), dialect(upstream), ids);
    }

    /** Reads a client's request body of {@code dialect} into the neutral model, as a translation would. */
    public ModelRequest readRequest(Dialect dialect, ObjectNode body) throws TranslationException {
        return dialect(dialect).decodeRequest(body, new TranslationState(dialect, dialect, ids));
    }

    /**
     * Reads a whole response body of {@code dialect}, as a client of that dialect receives it, into
     * the neutral model (tool names and ids as they are in the body).
     */
    public ModelResponse readResponse(Dialect dialect, ObjectNode body) throws TranslationException {
        return dialect(dialect).decodeResponse(body, new TranslationState(dialect, dialect, ids));
    }

    /**
     * The stream (its bytes on the wire) a client of {@code dialect} receives for a whole answer, as if
     * the upstream had streamed it: for requests the gateway had to send without streaming.
     *
     * @param clientRequest the client's own request body, which says what its stream carries (a Chat
     *     client's usage chunk, the fields a Responses client gets echoed)
     */
    public byte[] replay(Dialect dialect, ObjectNode clientRequest, ModelResponse answer, UpstreamTarget target) {
        DialectCodec codec = dialect(dialect);
        TranslationState exchange = new TranslationState(dialect, dialect, ids);
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

    private DialectCodec dialect(Dialect dialect) {
        return wires.get(dialect).codec();
    }
}
