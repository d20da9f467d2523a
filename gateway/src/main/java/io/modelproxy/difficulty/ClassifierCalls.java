package io.modelproxy.difficulty;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.HttpResponse;
import io.modelproxy.routing.RoutedModel;
import java.util.concurrent.CompletableFuture;

/**
 * The gateway's own routing, for the classifier's call: a Chat Completions request to a LogicalModel over
 * its routes, keys, fallbacks and translation, that is no client request (no rate limit, no access log
 * line, no request metric). Cancelling the returned future abandons the call.
 */
@FunctionalInterface
public interface ClassifierCalls {
    CompletableFuture<HttpResponse> call(RoutedModel classifier, ObjectNode chatCompletionsBody);
}
