package io.modelproxy.attempt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.modelproxy.translate.TokenEstimator;
import io.netty.util.AsciiString;
import java.util.concurrent.CompletableFuture;

/**
 * {@code count_tokens} answered by the gateway itself, for routes whose provider has no such endpoint:
 * an estimate by an OpenAI tokenizer, marked as one with {@code x-model-proxy-estimate: true}.
 * Tokenizing a long prompt takes tens of milliseconds, so it runs on the blocking executor.
 */
public final class TokenCounts {
    static final AsciiString ESTIMATE = AsciiString.cached("x-model-proxy-estimate");

    private TokenEstimator estimator;

    /** The estimator, loaded on first use (loading an encoding takes a moment; most gateways never count). */
    public synchronized TokenEstimator estimator() {
        if (estimator == null) {
            estimator = TokenEstimator.o200k();
        }
        return estimator;
    }

    /** The Anthropic count_tokens answer for an Anthropic Messages request body. */
    CompletableFuture<HttpResponse> estimate(ServiceRequestContext ctx, ObjectNode body, HttpHeaders extra) {
        return CompletableFuture.supplyAsync(() -> estimator().count(body), ctx.blockingTaskExecutor())
                .thenApply(tokens -> HttpResponse.of(
                        ResponseHeaders.builder(HttpStatus.OK).contentType(MediaType.JSON_UTF_8).set(ESTIMATE, "true").add(extra).build(),
                        HttpData.ofUtf8("{\"input_tokens\":" + tokens + "}")));
    }
}
