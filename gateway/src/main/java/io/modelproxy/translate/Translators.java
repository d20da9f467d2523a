package io.modelproxy.translate;

import io.modelproxy.api.Protocol;
import io.modelproxy.dialect.anthropic.AnthropicDialect;
import io.modelproxy.dialect.chat.ChatDialect;
import io.modelproxy.dialect.responses.ResponsesDialect;
import java.time.Clock;

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

    private static Dialect dialect(Protocol protocol) {
        return switch (protocol) {
            case AnthropicMessages -> new AnthropicDialect();
            case OpenAIChat -> new ChatDialect();
            case OpenAIResponses -> new ResponsesDialect();
        };
    }
}
