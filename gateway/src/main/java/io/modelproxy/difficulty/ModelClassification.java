package io.modelproxy.difficulty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpResponse;
import io.modelproxy.config.ModelConfig;
import io.modelproxy.routing.RoutedModel;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One classification by a classifier model: a short fixed prompt over a summary of the request, sent
 * through the gateway's routing; retried with doubling backoff after an error or an unparseable answer,
 * all within one time budget. Runs on the request's event loop, one step at a time.
 */
final class ModelClassification {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Enough of the last message to judge it; a classifier must stay cheap and fast. */
    static final int MAX_EXCERPT = 2000;
    static final String PROMPT = """
            You route requests to a coding and writing assistant by difficulty. Answer with exactly one word: \
            easy, medium or hard.
            easy: greetings, short factual questions, small edits, simple lookups.
            medium: ordinary coding, writing or analysis in a few steps.
            hard: multi-step reasoning, design, large or subtle code changes, debugging, proofs.""";

    private final EventExecutor loop;
    private final RoutedModel classifier;
    private final ModelConfig.Classifier settings;
    private final ObjectNode body;
    private final ClassifierCalls calls;
    private final CompletableFuture<Verdict> result = new CompletableFuture<>();
    private CompletableFuture<HttpResponse> inFlight;
    private int retries;

    private ModelClassification(EventExecutor loop, RoutedModel classifier, ModelConfig.Classifier settings,
            ClassifierInput request, ClassifierCalls calls) {
        this.loop = loop;
        this.classifier = classifier;
        this.settings = settings;
        this.body = body(classifier.name(), request);
        this.calls = calls;
    }

    static CompletableFuture<Verdict> start(EventExecutor loop, RoutedModel classifier, ModelConfig.Classifier settings,
            ClassifierInput request, ClassifierCalls calls) {
        ModelClassification classification = new ModelClassification(loop, classifier, settings, request, calls);
        loop.execute(classification::begin);
        return classification.result;
    }

    /** The classifier's request: the fixed prompt, then the request's shape and its last user message. */
    static ObjectNode body(String model, ClassifierInput request) {
        String last = request.lastUser().length() > MAX_EXCERPT
                ? request.lastUser().substring(0, MAX_EXCERPT) + " [... " + (request.lastUser().length() - MAX_EXCERPT)
                        + " more characters]"
                : request.lastUser();
        String summary = "Messages in the conversation: " + request.turns() + ". Tools offered: " + request.tools()
                + ". Code in the last message: " + (request.code() ? "yes" : "no") + ".\nLast user message:\n" + last;
        ObjectNode body = JSON.createObjectNode().put("model", model).put("max_tokens", 16).put("stream", false);
        body.putArray("messages").add(JSON.createObjectNode().put("role", "system").put("content", PROMPT))
                .add(JSON.createObjectNode().put("role", "user").put("content", summary));
        return body;
    }

    private void begin() {
        ScheduledFuture<?> timer = loop.schedule(this::timedOut, settings.timeoutMillis(), TimeUnit.MILLISECONDS);
        result.whenComplete((verdict, error) -> timer.cancel(false));
        attempt();
    }

    private void attempt() {
        if (result.isDone()) {
            return;
        }
        CompletableFuture<HttpResponse> call;
        try {
            call = calls.call(classifier, body);
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        inFlight = call;
        call.thenCompose(HttpResponse::aggregate).whenCompleteAsync(this::answered, loop);
    }

    private void answered(AggregatedHttpResponse answer, Throwable error) {
        inFlight = null;
        if (result.isDone()) {
            return;
        }
        Verdict verdict = error != null ? new Verdict.Failed(DifficultyStats.Failure.ERROR, "the call failed: " + error)
                : read(answer);
        if (verdict instanceof Verdict.Failed && retries < settings.retries()) {
            long wait = (long) settings.backoffMillis() << retries;
            retries++;
            loop.schedule(this::attempt, wait, TimeUnit.MILLISECONDS);
            return;
        }
        result.complete(verdict);
    }

    private static Verdict read(AggregatedHttpResponse answer) {
        if (!answer.status().isSuccess()) {
            return new Verdict.Failed(DifficultyStats.Failure.ERROR, "it answered " + answer.status().code() + ": "
                    + excerpt(answer.contentUtf8()));
        }
        String reply;
        try {
            JsonNode json = JSON.readTree(answer.contentUtf8());
            reply = json.path("choices").path(0).path("message").path("content").asText(null);
        } catch (IOException e) {
            reply = null;
        }
        Optional<Difficulty> difficulty = Difficulty.parse(reply);
        if (difficulty.isPresent()) {
            return new Verdict.Classified(difficulty.get());
        }
        return new Verdict.Failed(DifficultyStats.Failure.UNPARSEABLE, "its answer names no difficulty: "
                + excerpt(reply != null ? reply : answer.contentUtf8()));
    }

    private void timedOut() {
        if (result.complete(new Verdict.Failed(DifficultyStats.Failure.TIMEOUT,
                "no answer within " + settings.timeoutMillis() + " ms")) && inFlight != null) {
            inFlight.cancel(false);
        }
    }

    private static String excerpt(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() > 120 ? line.substring(0, 120) + "..." : line;
    }
}
