package io.modelproxy.dialect.anthropic;

import io.modelproxy.api.Dialect;
import io.modelproxy.translate.ComposedCodec;

/** Anthropic Messages ({@code POST /v1/messages}). */
public final class AnthropicCodec extends ComposedCodec {
    AnthropicCodec() {
        super(Dialect.AnthropicMessages, new AnthropicRequestDecoder(), new AnthropicRequestEncoder(), new AnthropicResponses(),
                AnthropicStreamDecoder::new, AnthropicStreamEncoder::new);
    }
}
