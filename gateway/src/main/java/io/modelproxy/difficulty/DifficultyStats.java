package io.modelproxy.difficulty;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of difficulty routing, for metrics to read (monotonic, so a metrics registry can expose them as
 * function counters): decisions per difficulty, requests left unclassified, classifier failures by cause,
 * sticky hits, and the number and total time of classifications.
 */
public final class DifficultyStats {
    /** Why a request was served by its model's own routes without a difficulty. */
    public enum Failure {
        /** The classifier did not answer within its time budget. */
        TIMEOUT,
        /** The classifier's call failed (an error status, a connection failure). */
        ERROR,
        /** The classifier answered none of easy, medium, hard. */
        UNPARSEABLE,
        /** The classifier's circuit is open after repeated failures: it was not called. */
        CIRCUIT_OPEN,
        /** The request could not be read for classification. */
        UNREADABLE_REQUEST;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Map<Difficulty, LongAdder> decisions = new EnumMap<>(Difficulty.class);
    private final Map<Failure, LongAdder> failures = new EnumMap<>(Failure.class);
    private final LongAdder stickyHits = new LongAdder();
    private final LongAdder classifications = new LongAdder();
    private final LongAdder classificationNanos = new LongAdder();

    public DifficultyStats() {
        for (Difficulty d : Difficulty.values()) {
            decisions.put(d, new LongAdder());
        }
        for (Failure f : Failure.values()) {
            failures.put(f, new LongAdder());
        }
    }

    /** Requests routed with this difficulty, sticky ones included. */
    public long decisions(Difficulty difficulty) {
        return decisions.get(difficulty).sum();
    }

    /** Requests served by their own routes because classification failed, for this reason. */
    public long failures(Failure failure) {
        return failures.get(failure).sum();
    }

    /** Requests whose conversation's remembered decision was reused without classifying. */
    public long stickyHits() {
        return stickyHits.sum();
    }

    /** Classifications run (heuristic or model, successful or not; a skipped call on an open circuit is none). */
    public long classifications() {
        return classifications.sum();
    }

    /** Total time spent in those classifications, in nanoseconds. */
    public long classificationNanos() {
        return classificationNanos.sum();
    }

    void decided(Difficulty difficulty, boolean sticky) {
        decisions.get(difficulty).increment();
        if (sticky) {
            stickyHits.increment();
        }
    }

    void failed(Failure failure) {
        failures.get(failure).increment();
    }

    void classified(long nanos) {
        classifications.increment();
        classificationNanos.add(nanos);
    }
}
