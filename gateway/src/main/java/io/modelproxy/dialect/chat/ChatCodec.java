package io.modelproxy.dialect.chat;

import io.modelproxy.api.Dialect;
import io.modelproxy.translate.ComposedCodec;

/** OpenAI Chat Completions ({@code POST /v1/chat/completions}). */
public final class ChatCodec extends ComposedCodec {
    ChatCodec() {
        super(Dialect.OpenAIChat, new ChatRequestDecoder(), new ChatRequestEncoder(), new ChatResponses(),
                ChatStreamDecoder::new, ChatStreamEncoder::new);
    }
}
