package io.modelproxy.translate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.api.Dialect;
import java.util.HashSet;
import java.util.Set;

/**
 * What one exchange remembers between translating its request and translating its response or
 * stream: rewritten tool names and ids, the forced JSON tool, what the client asked to see. The
 * codecs fill it while translating the request and read it on the way back.
 */
public final class TranslationState {
    private final Dialect client;
    private final Dialect upstream;
    private final IdSource ids;
    private final ToolAliases aliases = new ToolAliases();
    private final Set<String> freeformTools = new HashSet<>();
    private String forcedJsonTool;
    private boolean clientWantsUsage;
    private long inputEstimate;
    private ObjectNode responsesEcho = Json.object();

    public TranslationState(Dialect client, Dialect upstream, IdSource ids) {
        this.client = client;
        this.upstream = upstream;
        this.ids = ids;
    }

    public Dialect client() {
        return client;
    }

    public Dialect upstream() {
        return upstream;
    }

    public IdSource ids() {
        return ids;
    }

    public ToolAliases aliases() {
        return aliases;
    }

    /** The tool injected to obtain JSON from an Anthropic model without native structured output, or null. */
    public String forcedJsonTool() {
        return forcedJsonTool;
    }

    public void forcedJsonTool(String name) {
        forcedJsonTool = name;
    }

    /** Client tool names that are Responses custom (free-text) tools. */
    public boolean isFreeform(String clientToolName) {
        return freeformTools.contains(clientToolName);
    }

    public void freeform(String clientToolName) {
        freeformTools.add(clientToolName);
    }

    /** A Chat client asked for {@code stream_options.include_usage}. */
    public boolean clientWantsUsage() {
        return clientWantsUsage;
    }

    public void clientWantsUsage(boolean wants) {
        clientWantsUsage = wants;
    }

    /** Local estimate of the prompt's tokens, for an Anthropic client's {@code message_start}; 0 if unknown. */
    public long inputEstimate() {
        return inputEstimate;
    }

    public void inputEstimate(long tokens) {
        inputEstimate = tokens;
    }

    /** Request fields a Responses client expects echoed in the response object. */
    public ObjectNode responsesEcho() {
        return responsesEcho;
    }

    public void responsesEcho(ObjectNode echo) {
        responsesEcho = echo;
    }
}
