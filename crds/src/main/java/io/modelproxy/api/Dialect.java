package io.modelproxy.api;

/** The wire format an upstream provider speaks; also the dialect a client speaks to the gateway. */
public enum Dialect {
    /** OpenAI Chat Completions ({@code POST /chat/completions}). */
    OpenAIChat,
    /** OpenAI Responses ({@code POST /responses}). */
    OpenAIResponses,
    /** Anthropic Messages ({@code POST /messages}). */
    AnthropicMessages,
    /**
     * No upstream: the gateway answers locally (see {@code ProviderSpec.mock}), in every client dialect,
     * for demos, client CI and load tests. Never a client dialect.
     */
    Mock
}
