package io.modelproxy.translate;

/**
 * What makes reasoning replayable, and who issued it: an Anthropic thinking signature (or the data of
 * a redacted thinking block), or an OpenAI Responses reasoning item ({@code itemId} and its
 * {@code encrypted_content}).
 *
 * <p>Clients of one dialect carry the other vendor's token in their own field, behind a prefix, so
 * that it comes back intact and is never sent to a vendor that did not issue it (TRANSLATION.md §1.5):
 * an Anthropic client sees an OpenAI reasoning item as a thinking signature {@value #OPENAI_IN_ANTHROPIC}…,
 * a Responses client sees a Claude signature as {@code encrypted_content} {@value #ANTHROPIC_IN_OPENAI}….
 */
public record ThinkingSignature(Origin origin, String value, String itemId) {
    static final String OPENAI_IN_ANTHROPIC = "mpx-rs-v1:";
    static final String ANTHROPIC_IN_OPENAI = "mpx-claude-v1:";
    static final String REDACTED_IN_OPENAI = "mpx-claude-redacted-v1:";

    /** Who issued the signature. */
    public enum Origin {
        ANTHROPIC,
        OPENAI
    }

    public static ThinkingSignature anthropic(String signature) {
        return new ThinkingSignature(Origin.ANTHROPIC, signature, null);
    }

    public static ThinkingSignature openAi(String itemId, String encryptedContent) {
        return new ThinkingSignature(Origin.OPENAI, encryptedContent, itemId);
    }

    /** Reads the {@code signature} of a thinking block an Anthropic client sent; null when there is none. */
    public static ThinkingSignature fromAnthropicClient(String signature) {
        if (signature == null || signature.isEmpty()) {
            return null;
        }
        if (signature.startsWith(OPENAI_IN_ANTHROPIC)) {
            String rest = signature.substring(OPENAI_IN_ANTHROPIC.length());
            int colon = rest.indexOf(':');
            return colon < 0 ? openAi(null, rest) : openAi(emptyToNull(rest.substring(0, colon)), rest.substring(colon + 1));
        }
        return anthropic(signature);
    }

    /** The {@code signature} to show an Anthropic client. */
    public String forAnthropicClient() {
        return origin == Origin.ANTHROPIC ? value : OPENAI_IN_ANTHROPIC + (itemId == null ? "" : itemId) + ":" + value;
    }

    /**
     * Reads a reasoning item a Responses client sent back: a Claude signature behind our prefix, or
     * OpenAI's own encrypted content. Returns null when the item carries nothing replayable.
     */
    public static ThinkingSignature fromResponsesClient(String itemId, String encryptedContent) {
        if (encryptedContent == null || encryptedContent.isEmpty()) {
            return null;
        }
        if (encryptedContent.startsWith(ANTHROPIC_IN_OPENAI)) {
            return anthropic(encryptedContent.substring(ANTHROPIC_IN_OPENAI.length()));
        }
        return openAi(itemId, encryptedContent);
    }

    /** The {@code encrypted_content} to show a Responses client. */
    public String forResponsesClient() {
        return origin == Origin.OPENAI ? value : ANTHROPIC_IN_OPENAI + value;
    }

    /** The redacted-thinking data a Responses client sent back behind our prefix, or null. */
    public static String redactedFromResponsesClient(String encryptedContent) {
        return encryptedContent != null && encryptedContent.startsWith(REDACTED_IN_OPENAI)
                ? encryptedContent.substring(REDACTED_IN_OPENAI.length())
                : null;
    }

    /** Redacted Anthropic thinking as a Responses client's {@code encrypted_content}. */
    public static String redactedForResponsesClient(String data) {
        return REDACTED_IN_OPENAI + data;
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }
}
