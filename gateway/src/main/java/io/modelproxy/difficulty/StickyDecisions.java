package io.modelproxy.difficulty;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decisions remembered per conversation until they expire, so that every turn of an agent's session goes
 * to the same model and keeps its prompt cache. Bounded: when full, expired entries are dropped, and if
 * that is not enough, all of them (conversations are then classified afresh, which is always safe).
 */
final class StickyDecisions {
    static final int CAPACITY = 100_000;

    private record Remembered(Difficulty difficulty, long until) {}

    private final ConcurrentHashMap<String, Remembered> decisions = new ConcurrentHashMap<>();

    Optional<Difficulty> recall(String conversation, long now) {
        Remembered remembered = decisions.get(conversation);
        if (remembered == null || remembered.until() <= now) {
            return Optional.empty();
        }
        return Optional.of(remembered.difficulty());
    }

    void remember(String conversation, Difficulty difficulty, long until, long now) {
        if (decisions.size() >= CAPACITY) {
            decisions.values().removeIf(r -> r.until() <= now);
            if (decisions.size() >= CAPACITY) {
                decisions.clear();
            }
        }
        decisions.put(conversation, new Remembered(difficulty, until));
    }
}
