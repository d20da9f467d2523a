package io.modelproxy.difficulty;

import io.modelproxy.config.ModelConfig;
import java.util.Locale;

/**
 * Local rules, no call: hard when the last user message, the turns or the tools reach a hard threshold or
 * a hard keyword appears; easy when everything stays within the easy limits and there is no code; medium
 * otherwise.
 */
final class HeuristicClassifier {
    private HeuristicClassifier() {}

    static Difficulty classify(ModelConfig.Heuristic rules, ClassifierInput request) {
        int chars = request.lastUser().length();
        String text = request.lastUser().toLowerCase(Locale.ROOT);
        boolean keyword = rules.hardKeywords().stream().anyMatch(k -> !k.isBlank() && text.contains(k.toLowerCase(Locale.ROOT)));
        if (chars >= rules.hardMinChars() || request.turns() >= rules.hardMinTurns()
                || request.tools() >= rules.hardMinTools() || keyword) {
            return Difficulty.HARD;
        }
        if (chars <= rules.easyMaxChars() && request.turns() <= rules.easyMaxTurns()
                && request.tools() <= rules.easyMaxTools() && !request.code()) {
            return Difficulty.EASY;
        }
        return Difficulty.MEDIUM;
    }
}
