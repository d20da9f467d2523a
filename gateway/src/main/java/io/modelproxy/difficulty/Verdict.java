package io.modelproxy.difficulty;

/** The outcome of one classification: a difficulty, or why there is none. */
sealed interface Verdict {
    record Classified(Difficulty difficulty) implements Verdict {}

    /** @param detail what went wrong, for the log */
    record Failed(DifficultyStats.Failure failure, String detail) implements Verdict {}
}
