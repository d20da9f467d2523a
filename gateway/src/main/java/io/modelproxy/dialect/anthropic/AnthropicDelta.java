package io.modelproxy.dialect.anthropic;

import static io.modelproxy.sse.JsonFields.ascii;

import io.modelproxy.sse.JsonCursor;
import java.util.function.Consumer;

/**
 * The members of an Anthropic stream event that {@link AnthropicStreamDecoder} reads off every
 * {@code content_block_delta}, the event a stream is made of: the event's {@code type} and its
 * delta's type and string members. Read in one pass with a {@link JsonCursor}, no tree; the other
 * events (a few per stream) are read as trees. Where a key repeats, the last value counts. Reused
 * for every event of one stream.
 */
final class AnthropicDelta {
    private static final byte[] TYPE = ascii("type");
    private static final byte[] DELTA = ascii("delta");
    private static final byte[] TEXT = ascii("text");
    private static final byte[] THINKING = ascii("thinking");
    private static final byte[] SIGNATURE = ascii("signature");
    private static final byte[] PARTIAL_JSON = ascii("partial_json");

    private final Consumer<JsonCursor> member = this::member;
    /** The event's {@code type}, null when absent or no string. */
    String type;
    /** The delta's {@code type}, "" when absent. */
    String kind;
    String text;
    String thinking;
    String signature;
    String partialJson;

    /** Reads the event in {@code bytes[from, to)}; false when it is not one JSON object. */
    boolean read(byte[] bytes, int from, int to) {
        type = null;
        noDelta();
        return JsonCursor.readObject(bytes, from, to, member);
    }

    private void member(JsonCursor json) {
        if (json.keyIs(TYPE)) {
            type = json.string();
        } else if (json.keyIs(DELTA)) {
            noDelta();
            if (json.enterObject()) {
                delta(json);
            }
        }
    }

    private void delta(JsonCursor json) {
        while (json.nextMember()) {
            if (json.keyIs(TYPE)) {
                String value = json.string();
                kind = value == null ? "" : value;
            } else if (json.keyIs(TEXT)) {
                text = json.string();
            } else if (json.keyIs(PARTIAL_JSON)) {
                partialJson = json.string();
            } else if (json.keyIs(THINKING)) {
                thinking = json.string();
            } else if (json.keyIs(SIGNATURE)) {
                signature = json.string();
            }
        }
    }

    private void noDelta() {
        kind = "";
        text = null;
        thinking = null;
        signature = null;
        partialJson = null;
    }
}
