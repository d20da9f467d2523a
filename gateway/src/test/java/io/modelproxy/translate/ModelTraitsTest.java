package io.modelproxy.translate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelTraitsTest {

    @ParameterizedTest
    @CsvSource({"gpt-5,true", "gpt-5-nano-2025-08-07,true", "gpt-5.1-codex,true", "openai/o3-mini,true", "o1,true", "o4-mini,true",
            "gpt-4o,false", "gpt-4.1-mini,false", "omni-moderation,false", "llama-3.3-70b,false"})
    void openAiReasoningModels(String model, boolean reasoning) {
        assertThat(new ModelTraits(model).openAiReasoning()).isEqualTo(reasoning);
    }

    @ParameterizedTest
    @CsvSource({"gpt-4o,false", "gpt-4.1-mini,false", "gpt-3.5-turbo,false", "chatgpt-4o-latest,false", "gpt-5-nano,true",
            "o3,true", "deepseek-reasoner,true", "qwen3-32b,true"})
    void reasoningParameters(String model, boolean accepts) {
        assertThat(new ModelTraits(model).acceptsReasoning()).isEqualTo(accepts);
    }

    @ParameterizedTest
    @CsvSource({"claude-sonnet-4-5,true", "claude-haiku-4-5-20251001,true", "claude-opus-4-6,true", "anthropic/claude-sonnet-5,true",
            "claude-sonnet-4-20250514,false", "claude-opus-4-1-20250805,false", "claude-3-7-sonnet-20250219,false",
            "claude-3-5-haiku-latest,false", "my-house-model,true"})
    void claudeStructuredOutput(String model, boolean native_) {
        assertThat(new ModelTraits(model).claudeStructuredOutput()).isEqualTo(native_);
    }
}
