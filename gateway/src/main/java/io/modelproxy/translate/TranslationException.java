package io.modelproxy.translate;

import io.modelproxy.dialect.ApiError;

/** A request that cannot be translated faithfully; carries the 4xx the client gets in its dialect. */
public final class TranslationException extends Exception {
    private final transient ApiError error;

    public TranslationException(ApiError error) {
        super(error.message());
        this.error = error;
    }

    public ApiError error() {
        return error;
    }
}
