package io.modelproxy.attempt;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpHeadersBuilder;
import io.modelproxy.keys.PooledKey;
import io.modelproxy.translate.ApiError;
import io.netty.util.AsciiString;

/**
 * The answer when every route of a model failed or could not be tried, from what the attempt loop
 * saw: the last upstream error when there was one, else why nothing was tried (keys cooling or
 * suspended, circuits open, no translation, no key), most specific first; and what every error answer
 * carries: its headers, and no key an upstream echoed.
 */
final class FailureAnswers {
    private static final AsciiString SHOULD_RETRY = AsciiString.cached("x-should-retry");
    private final String model;
    private long earliestCircuit = Long.MAX_VALUE;
    private String untranslatable;
    private String keyless;

    /** @param model the model id the client asked for */
    FailureAnswers(String model) {
        this.model = model;
    }

    /** A route skipped because its circuit is open until {@code retryAt}. */
    void circuitOpen(long retryAt) {
        earliestCircuit = Math.min(earliestCircuit, retryAt);
    }

    /** A route skipped because its dialect pair has no translator. */
    void untranslatable(String why) {
        untranslatable = why;
    }

    /** A route skipped because it has no usable key. */
    void keyless(String why) {
        keyless = why;
    }

    void resetCircuits() {
        earliestCircuit = Long.MAX_VALUE;
    }

    /** The error and its extra headers (null for none) when nothing is left to try. */
    Answer exhausted(ApiError lastError, HttpHeaders lastErrorHeaders, CoolingKeys keys, long now) {
        if (lastError != null) {
            return new Answer(lastError, lastErrorHeaders);
        }
        if (keys.any() && keys.rateLimited()) {
            return new Answer(ApiError.of(429, "every key serving model " + model + " is cooling down; retry in "
                    + seconds(keys.earliest() - now) + " s"), null);
        }
        if (keys.any()) {
            // not a rate limit the client should back off from: the provider rejected the keys themselves
            return new Answer(ApiError.of(503, "every key serving model " + model + " was rejected by its provider "
                    + "(invalid, forbidden or out of credit) and is suspended for " + seconds(keys.earliest() - now)
                    + " s; see /health/detailed"), null);
        }
        if (earliestCircuit != Long.MAX_VALUE) {
            return new Answer(new ApiError(503, null, "every route of model " + model
                    + " failed repeatedly and is paused; retry in " + seconds(earliestCircuit - now) + " s", null, null),
                    HttpHeaders.builder().setInt(HttpHeaderNames.RETRY_AFTER, seconds(earliestCircuit - now)).build());
        }
        if (untranslatable != null) {
            return new Answer(ApiError.invalidRequest(untranslatable), null);
        }
        if (keyless != null) {
            return new Answer(ApiError.of(503, keyless), null);
        }
        return new Answer(ApiError.of(503, "model " + model
                + " has no usable route (are its providers' API keys set? see /health/detailed)"), null);
    }

    /** The model's own deadline passed before any route answered. */
    ApiError timedOut(int timeoutSeconds, ApiError lastError) {
        return ApiError.of(504, "model " + model + ": no upstream answered within its timeout of " + timeoutSeconds + " s"
                + (lastError == null ? "" : " (last error: " + lastError.message() + ")"));
    }

    /**
     * The headers of an error answer: Retry-After (to the earliest key when keys are cooling, else the
     * upstream's), the upstream's x-should-retry, the route tried last and the number of attempts.
     */
    static HttpHeaders headers(CoolingKeys cooling, HttpHeaders upstream, String lastRoute, int attempts, long now) {
        HttpHeadersBuilder extra = HttpHeaders.builder();
        if (cooling.any() && cooling.earliest() > now) {
            extra.setInt(HttpHeaderNames.RETRY_AFTER, seconds(cooling.earliest() - now));
        } else if (upstream != null && upstream.contains(HttpHeaderNames.RETRY_AFTER)) {
            extra.set(HttpHeaderNames.RETRY_AFTER, upstream.get(HttpHeaderNames.RETRY_AFTER));
        }
        if (upstream != null && upstream.contains(SHOULD_RETRY)) {
            extra.set(SHOULD_RETRY, upstream.get(SHOULD_RETRY));
        }
        if (lastRoute != null) {
            extra.set(UpstreamHeaders.ROUTE, lastRoute);
        }
        return extra.setInt(UpstreamHeaders.ATTEMPTS, attempts).build();
    }

    /** Upstream error messages sometimes echo the key they were sent; the client never sees it. */
    static ApiError redact(ApiError error, PooledKey key) {
        if (key == null || !error.message().contains(key.key().value())) {
            return error;
        }
        return new ApiError(error.status(), error.type(), error.message().replace(key.key().value(), "[redacted]"),
                error.param(), error.code());
    }

    /** Whole seconds, rounded up, at least 1: what Retry-After and the messages say. */
    static int seconds(long millis) {
        return (int) Math.max(1, (millis + 999) / 1000);
    }

    /** An error for the client and the headers that go with it (null for none). */
    record Answer(ApiError error, HttpHeaders headers) {}
}
