package io.modelproxy.bundle.litellm;

import io.modelproxy.api.Dialect;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A LiteLLM provider prefix ({@code groq/} in {@code groq/llama-3.3-70b-versatile}) that Model Proxy can
 * serve, with what LiteLLM assumes for it.
 *
 * @param baseUrl the provider's API URL; null when {@code api_base} must say it
 * @param keyVariable the variable LiteLLM reads the key from when {@code api_key} is not given; null for none
 * @param keyHeader the header that carries the key when it is not the protocol's default; null for the default
 * @param basePath appended to {@code api_base} (Azure's OpenAI-compatible v1 API lives under {@code /openai/v1})
 */
record LiteLlmProvider(String prefix, String baseUrl, Dialect protocol, String keyVariable, String keyHeader,
        String basePath) {
    /** Model names LiteLLM sends to OpenAI when they carry no prefix. */
    private static final Pattern OPENAI_MODEL = Pattern.compile(
            "^(gpt-|gpt4|chatgpt-|o1|o3|o4|text-embedding-|davinci|babbage|ft:gpt|whisper-|tts-|dall-e|omni-moderation).*");

    private static final Map<String, LiteLlmProvider> KNOWN = Map.ofEntries(
            openAi("openai", "https://api.openai.com/v1", "OPENAI_API_KEY"),
            Map.entry("anthropic", new LiteLlmProvider("anthropic", "https://api.anthropic.com/v1",
                    Dialect.AnthropicMessages, "ANTHROPIC_API_KEY", null, "")),
            openAi("groq", "https://api.groq.com/openai/v1", "GROQ_API_KEY"),
            openAi("gemini", "https://generativelanguage.googleapis.com/v1beta/openai", "GEMINI_API_KEY"),
            openAi("openrouter", "https://openrouter.ai/api/v1", "OPENROUTER_API_KEY"),
            openAi("deepseek", "https://api.deepseek.com/v1", "DEEPSEEK_API_KEY"),
            openAi("mistral", "https://api.mistral.ai/v1", "MISTRAL_API_KEY"),
            openAi("cerebras", "https://api.cerebras.ai/v1", "CEREBRAS_API_KEY"),
            openAi("together_ai", "https://api.together.xyz/v1", "TOGETHERAI_API_KEY"),
            openAi("fireworks_ai", "https://api.fireworks.ai/inference/v1", "FIREWORKS_AI_API_KEY"),
            openAi("xai", "https://api.x.ai/v1", "XAI_API_KEY"),
            openAi("perplexity", "https://api.perplexity.ai", "PERPLEXITYAI_API_KEY"),
            openAi("deepinfra", "https://api.deepinfra.com/v1/openai", "DEEPINFRA_API_KEY"),
            openAi("hosted_vllm", null, null),
            openAi("openai_like", null, null),
            openAi("litellm_proxy", null, "LITELLM_PROXY_API_KEY"),
            Map.entry("azure", new LiteLlmProvider("azure", null, Dialect.OpenAIChat, "AZURE_API_KEY", "api-key",
                    "/openai/v1")));

    private static Map.Entry<String, LiteLlmProvider> openAi(String prefix, String baseUrl, String keyVariable) {
        return Map.entry(prefix, new LiteLlmProvider(prefix, baseUrl, Dialect.OpenAIChat, keyVariable, null, ""));
    }

    static Optional<LiteLlmProvider> of(String prefix) {
        return Optional.ofNullable(KNOWN.get(prefix));
    }

    static boolean isOpenAiModel(String model) {
        return OPENAI_MODEL.matcher(model).matches();
    }
}
