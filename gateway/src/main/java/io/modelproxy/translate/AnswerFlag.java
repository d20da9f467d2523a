package io.modelproxy.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;

/**
 * A marker text (tool-call enforcement's termination flag) taken out of an answer's text, for the
 * dialects' {@link DialectWire#stripFromAnswer}: the flag and the whitespace around it go, and a text
 * that said only the flag goes with it.
 */
public final class AnswerFlag {
    private final String flag;

    public AnswerFlag(String flag) {
        this.flag = flag;
    }

    /** True when the text holds the flag. */
    public boolean in(String text) {
        return text.contains(flag);
    }

    /** The text without the flag, stripped. */
    public String strippedFrom(String text) {
        return text.replace(flag, "").strip();
    }

    /** Strips the flag from every text part of {@code type} in {@code parts}, dropping parts left empty. */
    public void stripFromParts(JsonNode parts, String type) {
        for (Iterator<JsonNode> it = elements(parts).iterator(); it.hasNext(); ) {
            JsonNode part = it.next();
            if (part instanceof ObjectNode p && type.equals(p.path("type").asText()) && in(p.path("text").asText())) {
                String text = strippedFrom(p.path("text").asText());
                if (text.isEmpty()) {
                    it.remove();
                } else {
                    p.put("text", text);
                }
            }
        }
    }

    /** The node's elements when it is an array (removable while iterating), else none. */
    public static Iterable<JsonNode> elements(JsonNode node) {
        return node instanceof ArrayNode array ? array : List.of();
    }
}
