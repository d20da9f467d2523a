package io.modelproxy.translate;


/**
 * A request that cannot be translated faithfully (a 4xx), or an upstream response that reports a
 * failure (a 5xx); carries the error the client gets in its dialect.
 */
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
