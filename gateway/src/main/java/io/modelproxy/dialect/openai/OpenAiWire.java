package io.modelproxy.dialect.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.translate.ApiError;
import io.modelproxy.translate.DialectCodec;
import io.modelproxy.translate.DialectWire;

/** What OpenAI's two wire dialects (Chat Completions, Responses) share: OpenAI's error shape and statuses. */
public abstract class OpenAiWire implements DialectWire {
    private final DialectCodec codec;
    private final String generationPath;

    protected OpenAiWire(DialectCodec codec, String generationPath) {
        this.codec = codec;
        this.generationPath = generationPath;
    }

    @Override
    public final DialectCodec codec() {
        return codec;
    }

    @Override
    public final String generationPath() {
        return generationPath;
    }

    @Override
    public final int clientStatus(ApiError error) {
        return OpenAiErrors.clientStatus(error);
    }

    @Override
    public final ObjectNode errorBody(ApiError error) {
        return OpenAiErrors.body(error);
    }
}
