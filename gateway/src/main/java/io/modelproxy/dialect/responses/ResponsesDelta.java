package io.modelproxy.dialect.responses;

import static io.modelproxy.sse.JsonFields.ascii;

import io.modelproxy.sse.JsonCursor;
import java.util.function.Consumer;

/**
 * The top-level strings {@link ResponsesStreamDecoder} reads off every event: its {@code type}, the
 * {@code item_id} it belongs to and, for the delta events a stream is made of, the {@code delta}.
 * Read in one pass with a {@link JsonCursor}, no tree; the decoder reads the other events (a few per
 * output item) as trees. Where a key repeats, the last value counts. Reused for every event of one stream.
 */
final class ResponsesDelta {
    private static final byte[] TYPE = ascii("type");
    private static final byte[] ITEM_ID = ascii("item_id");
    private static final byte[] DELTA = ascii("delta");

    private final Consumer<JsonCursor> member = this::member;
    /** Each null when absent or no string. */
    String type;
    String itemId;
    String delta;

    /** Reads the event in {@code bytes[from, to)}; false when it is not one JSON object. */
    boolean read(byte[] bytes, int from, int to) {
        type = null;
        itemId = null;
        delta = null;
        return JsonCursor.readObject(bytes, from, to, member);
    }

    private void member(JsonCursor json) {
        if (json.keyIs(TYPE)) {
            type = json.string();
        } else if (json.keyIs(DELTA)) {
            delta = json.string();
        } else if (json.keyIs(ITEM_ID)) {
            itemId = json.string();
        }
    }

    /** Whether the event is one of the deltas read here without a tree. */
    static boolean isDelta(String type) {
        return switch (type) {
            case "response.output_text.delta", "response.refusal.delta", "response.reasoning_summary_text.delta",
                    "response.reasoning_text.delta", "response.function_call_arguments.delta" -> true;
            default -> false;
        };
    }
}
