package io.modelproxy.request;

import io.modelproxy.translate.DialectWire;

/** What a client endpoint asks of a model's routes. */
public enum Operation {
    /** A generation: {@code /v1/chat/completions}, {@code /v1/responses}, {@code /v1/messages}. */
    GENERATE,
    /**
     * Anthropic's {@code /v1/messages/count_tokens}: forwarded to an Anthropic provider, estimated
     * locally on a route whose provider speaks another dialect (OpenAI has no such endpoint).
     */
    COUNT_TOKENS;

    /** The request path under the provider's base URL. */
    public String path(DialectWire provider) {
        return this == COUNT_TOKENS ? provider.generationPath() + "/count_tokens" : provider.generationPath();
    }
}
