package io.modelproxy.translate;

import java.util.List;

/**
 * A model request in no dialect's shape.
 *
 * @param system leading system/developer texts, one per source block (Anthropic keeps them as blocks)
 * @param messages the conversation; later system texts stay in place as {@link Role#SYSTEM} messages
 * @param toolChoice null when the client did not say
 * @param parallelToolCalls null when the client did not say
 * @param maxTokens null when the client did not say
 * @param reasoning null when the client did not ask for reasoning
 * @param outputFormat null for plain text
 * @param user an end-user id, or null
 */
public record ModelRequest(
        List<Part.Text> system,
        List<Message> messages,
        List<ToolDefinition> tools,
        ToolChoice toolChoice,
        Boolean parallelToolCalls,
        Integer maxTokens,
        Double temperature,
        Double topP,
        Integer topK,
        List<String> stop,
        Reasoning reasoning,
        OutputFormat outputFormat,
        String user,
        boolean stream) {

    public ModelRequest {
        system = List.copyOf(system);
        messages = List.copyOf(messages);
        tools = List.copyOf(tools);
        stop = List.copyOf(stop);
    }

    /**
     * The end-user id as OpenAI takes it: at most 64 characters. Longer ids (Claude Code sends about
     * 150) are replaced by a stable digest-based id, so the user stays recognizable upstream.
     */
    public String openAiUser() {
        return user == null || user.length() <= 64 ? user : ToolAliases.rewrite(user);
    }

    /** Reasoning asked for and not switched off. */
    public boolean wantsReasoning() {
        return reasoning != null && !reasoning.off();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Decoders fill the fields they find; everything else keeps its "not said" default. */
    public static final class Builder {
        private List<Part.Text> system = List.of();
        private List<Message> messages = List.of();
        private List<ToolDefinition> tools = List.of();
        private ToolChoice toolChoice;
        private Boolean parallelToolCalls;
        private Integer maxTokens;
        private Double temperature;
        private Double topP;
        private Integer topK;
        private List<String> stop = List.of();
        private Reasoning reasoning;
        private OutputFormat outputFormat;
        private String user;
        private boolean stream;

        private Builder() {}

        public Builder system(List<Part.Text> v) { system = v; return this; }
        public Builder messages(List<Message> v) { messages = v; return this; }
        public Builder tools(List<ToolDefinition> v) { tools = v; return this; }
        public Builder toolChoice(ToolChoice v) { toolChoice = v; return this; }
        public Builder parallelToolCalls(Boolean v) { parallelToolCalls = v; return this; }
        public Builder maxTokens(Integer v) { maxTokens = v; return this; }
        public Builder temperature(Double v) { temperature = v; return this; }
        public Builder topP(Double v) { topP = v; return this; }
        public Builder topK(Integer v) { topK = v; return this; }
        public Builder stop(List<String> v) { stop = v; return this; }
        public Builder reasoning(Reasoning v) { reasoning = v; return this; }
        public Builder outputFormat(OutputFormat v) { outputFormat = v; return this; }
        public Builder user(String v) { user = v; return this; }
        public Builder stream(boolean v) { stream = v; return this; }

        public ModelRequest build() {
            return new ModelRequest(system, messages, tools, toolChoice, parallelToolCalls, maxTokens, temperature,
                    topP, topK, stop, reasoning, outputFormat, user, stream);
        }
    }
}
