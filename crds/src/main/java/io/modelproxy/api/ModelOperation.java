package io.modelproxy.api;

/** What a LogicalModel serves: the client endpoints whose requests its routes take. */
public enum ModelOperation {
    /** Generations and token counts: /v1/chat/completions, /v1/responses, /v1/messages, /v1/messages/count_tokens; any provider protocol (translated). */
    Chat,
    /** Vector embeddings: /v1/embeddings, forwarded to OpenAI-compatible providers. */
    Embeddings,
    /** Speech to text in the spoken language: /v1/audio/transcriptions, forwarded to OpenAI-compatible providers. */
    Transcription,
    /** Speech to English text: /v1/audio/translations, forwarded to OpenAI-compatible providers. */
    Translation;

    /**
     * Whether a provider of this protocol can serve the operation: only chat is translated across
     * dialects; a Mock provider answers every operation.
     */
    public boolean servedBy(Dialect protocol) {
        return this == Chat || protocol == Dialect.OpenAIChat || protocol == Dialect.OpenAIResponses || protocol == Dialect.Mock;
    }
}
