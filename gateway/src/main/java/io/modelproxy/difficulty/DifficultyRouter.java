package io.modelproxy.difficulty;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.modelproxy.api.Dialect;
import io.modelproxy.config.ModelConfig;
import io.modelproxy.routing.Circuit;
import io.modelproxy.routing.RoutedModel;
import io.modelproxy.routing.RoutingTable;
import io.modelproxy.translate.TranslationException;
import io.modelproxy.dialect.Dialects;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Difficulty routing, before a request is routed: for a LogicalModel with {@code difficultyRouting}, the
 * request is classified (or its conversation's remembered decision reused) and handed to the target
 * LogicalModel of its difficulty, or to the model's own routes when the difficulty has no target. It never
 * blocks a request: a classifier that times out, fails, answers nonsense or has its circuit open leaves
 * the request to the model's own routes, counted in {@link DifficultyStats} and logged.
 *
 * <p>One per gateway: the classifier circuits and the sticky decisions outlive config reloads.
 */
public final class DifficultyRouter {
    public static final String ORIGINAL_MODEL = "x-model-proxy-original-model";
    public static final String SELECTED_MODEL = "x-model-proxy-selected-model";
    public static final String DIFFICULTY = "x-model-proxy-difficulty";
    public static final String ROUTING_MILLIS = "x-model-proxy-routing-ms";
    /** The difficulty header's value when the request was not classified. */
    public static final String UNKNOWN = "unknown";

    private static final Logger log = LoggerFactory.getLogger(DifficultyRouter.class);

    private final Dialects dialects;
    private final InstantSource clock;
    private final DifficultyStats stats = new DifficultyStats();
    private final StickyDecisions sticky = new StickyDecisions();
    /** One classifier circuit per routed model, by name. */
    private final ConcurrentHashMap<String, Circuit> circuits = new ConcurrentHashMap<>();

    /**
     * @param dialects reads requests of every dialect for the classifier
     * @param clock the clock of sticky decisions and classifier circuits
     */
    public DifficultyRouter(Dialects dialects, InstantSource clock) {
        this.dialects = dialects;
        this.clock = clock;
    }

    public DifficultyStats stats() {
        return stats;
    }

    /**
     * Serves one request: at once with {@code model} when it has no difficulty routing, else with the
     * model its difficulty selects, the routing headers added when the model exposes them.
     *
     * @param askedFor the model id the client asked for
     * @param body the client's request body, read only when the model routes by difficulty
     * @param classifier the gateway's routing for a classifier model's call
     * @param serve starts the request on a model's routes and fallbacks
     * @return the answer, once there is one: a future, not a deferred response, so that a held stream
     *     is not relayed through one more response layer per step that waits
     */
    public CompletableFuture<HttpResponse> route(ServiceRequestContext ctx, RoutingTable table, RoutedModel model,
            String askedFor, Dialect dialect, Supplier<ObjectNode> body, ClassifierCalls classifier,
            Function<RoutedModel, CompletableFuture<HttpResponse>> serve) {
        ModelConfig.DifficultyRouting routing = model.config().difficultyRouting();
        if (routing == null) {
            return serve.apply(model);
        }
        long start = System.nanoTime();
        ClassifierInput summary;
        try {
            summary = ClassifierInput.of(dialects.readRequest(dialect, body.get()));
        } catch (TranslationException | RuntimeException e) {
            return served(routing, table, model, askedFor, start, serve,
                    failed(model, new Verdict.Failed(DifficultyStats.Failure.UNREADABLE_REQUEST, e.getMessage())));
        }
        String conversation = routing.stickySeconds() > 0 ? summary.conversation(model.name()) : null;
        Optional<Difficulty> remembered = conversation == null ? Optional.empty()
                : sticky.recall(conversation, clock.millis());
        if (remembered.isPresent()) {
            stats.decided(remembered.get(), true);
            return served(routing, table, model, askedFor, start, serve, remembered);
        }
        CompletableFuture<Verdict> verdict = classify(ctx, table, model, routing.classifier(), summary, classifier);
        return verdict.thenComposeAsync(v -> {
            if (v instanceof Verdict.Classified c) {
                stats.decided(c.difficulty(), false);
                if (conversation != null) {
                    long now = clock.millis();
                    sticky.remember(conversation, c.difficulty(), now + routing.stickySeconds() * 1000L, now);
                }
                return served(routing, table, model, askedFor, start, serve, Optional.of(c.difficulty()));
            }
            return served(routing, table, model, askedFor, start, serve, failed(model, (Verdict.Failed) v));
        }, ctx.eventLoop());
    }

    private CompletableFuture<Verdict> classify(ServiceRequestContext ctx, RoutingTable table, RoutedModel model,
            ModelConfig.Classifier settings, ClassifierInput summary, ClassifierCalls calls) {
        long start = System.nanoTime();
        if (settings.heuristic() != null) {
            Difficulty difficulty = HeuristicClassifier.classify(settings.heuristic(), summary);
            stats.classified(System.nanoTime() - start);
            return CompletableFuture.completedFuture(new Verdict.Classified(difficulty));
        }
        Optional<RoutedModel> classifier = table.resolve(settings.model());
        if (classifier.isEmpty()) {
            // the compiler and the routing table check the reference: only a config written by hand gets here
            return CompletableFuture.completedFuture(new Verdict.Failed(DifficultyStats.Failure.ERROR,
                    "classifier model " + settings.model() + " is not served here"));
        }
        Circuit circuit = circuits.computeIfAbsent(model.name(), name -> new Circuit());
        if (!circuit.tryPass(clock.millis())) {
            return CompletableFuture.completedFuture(new Verdict.Failed(DifficultyStats.Failure.CIRCUIT_OPEN,
                    "it failed repeatedly and is not called until " + Instant.ofEpochMilli(circuit.retryAt())));
        }
        return ModelClassification.start(ctx.eventLoop(), classifier.get(), settings, summary, calls)
                .whenComplete((verdict, error) -> {
                    stats.classified(System.nanoTime() - start);
                    if (verdict instanceof Verdict.Classified) {
                        circuit.recordSuccess();
                    } else {
                        circuit.recordFailure(clock.millis());
                    }
                });
    }

    private Optional<Difficulty> failed(RoutedModel model, Verdict.Failed failure) {
        stats.failed(failure.failure());
        if (failure.failure() == DifficultyStats.Failure.CIRCUIT_OPEN) {
            log.debug("difficulty routing of model {}: classifier skipped ({}); served by its own routes",
                    model.name(), failure.detail());
        } else {
            log.warn("difficulty routing of model {}: classifier {} ({}); served by its own routes", model.name(),
                    failure.failure().label(), failure.detail());
        }
        return Optional.empty();
    }

    /** The request on the model its difficulty selects (its own when none or the target is gone), with the headers. */
    private static CompletableFuture<HttpResponse> served(ModelConfig.DifficultyRouting routing, RoutingTable table,
            RoutedModel model, String askedFor, long start, Function<RoutedModel, CompletableFuture<HttpResponse>> serve,
            Optional<Difficulty> difficulty) {
        RoutedModel selected = difficulty.map(d -> routing.targets().get(d.label()))
                .flatMap(table::resolve)
                .orElse(model);
        CompletableFuture<HttpResponse> response = serve.apply(selected);
        if (!routing.exposeHeaders()) {
            return response;
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        String label = difficulty.map(Difficulty::label).orElse(UNKNOWN);
        return response.thenApply(r -> r.mapHeaders(headers -> headers(headers, askedFor, selected.name(), label, millis)));
    }

    private static ResponseHeaders headers(ResponseHeaders headers, String askedFor, String selected, String difficulty,
            long millis) {
        return headers.toBuilder()
                .set(ORIGINAL_MODEL, askedFor)
                .set(SELECTED_MODEL, selected)
                .set(DIFFICULTY, difficulty)
                .setLong(ROUTING_MILLIS, millis)
                .build();
    }
}
