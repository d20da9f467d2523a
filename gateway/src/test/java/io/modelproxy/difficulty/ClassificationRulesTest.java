package io.modelproxy.difficulty;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.api.Dialect;
import io.modelproxy.config.ModelConfig;
import io.modelproxy.translate.TranslationException;
import io.modelproxy.dialect.Dialects;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pure parts of classification: reading answers, summarizing requests of each dialect, the heuristic, stickiness. */
class ClassificationRulesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Dialects DIALECTS = Dialects.standard();
    private static final ModelConfig.Heuristic RULES = new ModelConfig.Heuristic(20, 100, 2, 6, 0, 3, List.of("Prove"));

    private static ClassifierInput summary(Dialect dialect, String json) throws IOException, TranslationException {
        return ClassifierInput.of(DIALECTS.readRequest(dialect, (ObjectNode) JSON.readTree(json)));
    }

    @Test
    void theFirstDifficultyWordOfAReplyDecides() {
        assertThat(Difficulty.parse("Hard.")).contains(Difficulty.HARD);
        assertThat(Difficulty.parse("  easy\n")).contains(Difficulty.EASY);
        assertThat(Difficulty.parse("I'd say medium, maybe hard")).contains(Difficulty.MEDIUM);
        assertThat(Difficulty.parse("uneasy hardware")).isEmpty();
        assertThat(Difficulty.parse("")).isEmpty();
        assertThat(Difficulty.parse(null)).isEmpty();
    }

    @Test
    void requestsOfEveryDialectSummarizeAlikeAndNameTheSameConversation() throws Exception {
        ClassifierInput chat = summary(Dialect.OpenAIChat, """
                {"model": "m", "messages": [{"role": "system", "content": "Be brief."},
                  {"role": "user", "content": "First"}, {"role": "assistant", "content": "ok"},
                  {"role": "user", "content": [{"type": "text", "text": "Last ```code```"}]}],
                 "tools": [{"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}]}""");
        ClassifierInput anthropic = summary(Dialect.AnthropicMessages, """
                {"model": "m", "max_tokens": 10, "system": "Be brief.",
                 "messages": [{"role": "user", "content": "First"}, {"role": "assistant", "content": "ok"},
                   {"role": "user", "content": [{"type": "text", "text": "Last ```code```"}]}],
                 "tools": [{"name": "f", "input_schema": {"type": "object"}}]}""");
        ClassifierInput responses = summary(Dialect.OpenAIResponses, """
                {"model": "m", "instructions": "Be brief.",
                 "input": [{"role": "user", "content": "First"}, {"role": "assistant", "content": "ok"},
                   {"role": "user", "content": [{"type": "input_text", "text": "Last ```code```"}]}],
                 "tools": [{"type": "function", "name": "f", "parameters": {"type": "object"}}]}""");

        assertThat(chat).isEqualTo(new ClassifierInput("Be brief.", "First", "Last ```code```", 3, 1, true));
        assertThat(anthropic).isEqualTo(chat);
        assertThat(responses).isEqualTo(chat);
        assertThat(chat.conversation("auto")).isEqualTo(responses.conversation("auto"))
                .isNotEqualTo(chat.conversation("other-model"));
        // the boundary between system prompt and first message is part of the identity
        assertThat(new ClassifierInput("ab", "c", "", 1, 0, false).conversation("m"))
                .isNotEqualTo(new ClassifierInput("a", "bc", "", 1, 0, false).conversation("m"));
    }

    @Test
    void theHeuristicAppliesEachThreshold() {
        assertThat(HeuristicClassifier.classify(RULES, new ClassifierInput("", "", "Hi", 1, 0, false))).isEqualTo(Difficulty.EASY);
        assertThat(HeuristicClassifier.classify(RULES, new ClassifierInput("", "", "x".repeat(100), 1, 0, false))).isEqualTo(Difficulty.HARD);
        assertThat(HeuristicClassifier.classify(RULES, new ClassifierInput("", "", "Hi", 6, 0, false))).isEqualTo(Difficulty.HARD);
        assertThat(HeuristicClassifier.classify(RULES, new ClassifierInput("", "", "Hi", 1, 3, false))).isEqualTo(Difficulty.HARD);
        assertThat(HeuristicClassifier.classify(RULES, new ClassifierInput("", "", "please prove it", 1, 0, false))).isEqualTo(Difficulty.HARD);
        assertThat(HeuristicClassifier.classify(RULES, new ClassifierInput("", "", "x".repeat(21), 1, 0, false))).isEqualTo(Difficulty.MEDIUM);
        assertThat(HeuristicClassifier.classify(RULES, new ClassifierInput("", "", "Hi", 3, 0, false))).isEqualTo(Difficulty.MEDIUM);
        assertThat(HeuristicClassifier.classify(RULES, new ClassifierInput("", "", "Hi", 1, 1, false))).isEqualTo(Difficulty.MEDIUM);
        assertThat(HeuristicClassifier.classify(RULES, new ClassifierInput("", "", "Hi", 1, 0, true))).isEqualTo(Difficulty.MEDIUM);
    }

    @Test
    void aStickyDecisionLastsUntilItExpiresAndAFullStoreMakesRoom() {
        StickyDecisions sticky = new StickyDecisions();
        sticky.remember("a", Difficulty.HARD, 1_000, 0);

        assertThat(sticky.recall("a", 999)).contains(Difficulty.HARD);
        assertThat(sticky.recall("a", 1_000)).isEmpty();
        assertThat(sticky.recall("b", 0)).isEqualTo(Optional.empty());

        for (int i = 0; i < StickyDecisions.CAPACITY; i++) {
            sticky.remember("c" + i, Difficulty.EASY, 5_000, 2_000);
        }
        sticky.remember("fresh", Difficulty.MEDIUM, 5_000, 2_000);
        assertThat(sticky.recall("fresh", 2_000)).contains(Difficulty.MEDIUM);
    }
}
