package io.modelproxy.dialect.chat;

import static io.modelproxy.sse.JsonFields.ascii;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.sse.JsonCursor;
import io.modelproxy.translate.Json;
import io.modelproxy.translate.StreamAccounting;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One Chat Completions stream chunk as {@link ChatStreamDecoder} needs it: whether it reports an
 * error, its first choice's delta and finish reason, its usage. Read in one pass over the chunk's
 * bytes with a {@link JsonCursor}, skipping what is not needed (ids, timestamps, logprobs, later
 * choices): no tree is built for the chunks a stream is made of, only for a usage object. Where a key
 * repeats, the last value counts, as in a tree. Reused for every chunk of one stream.
 */
final class ChatChunk {
    /** One entry of {@code delta.tool_calls}; fields null where absent or not of their type. */
    record CallDelta(Integer index, String id, String name, String arguments) {}

    private static final byte[] ERROR = ascii("error");
    private static final byte[] CHOICES = ascii("choices");
    private static final byte[] USAGE = ascii("usage");
    private static final byte[] DELTA = ascii("delta");
    private static final byte[] FINISH_REASON = ascii("finish_reason");
    private static final byte[] CONTENT = ascii("content");
    private static final byte[] REASONING_CONTENT = ascii("reasoning_content");
    private static final byte[] REASONING = ascii("reasoning");
    private static final byte[] REFUSAL = ascii("refusal");
    private static final byte[] TOOL_CALLS = ascii("tool_calls");
    private static final byte[] INDEX = ascii("index");
    private static final byte[] ID = ascii("id");
    private static final byte[] FUNCTION = ascii("function");
    private static final byte[] NAME = ascii("name");
    private static final byte[] ARGUMENTS = ascii("arguments");

    /** A top-level {@code error} other than null. */
    boolean error;
    /** {@code choices} has a first element that is an object. */
    boolean choice;
    String reasoningContent;
    String reasoning;
    String content;
    String refusal;
    String finishReason;
    final List<CallDelta> calls = new ArrayList<>(2);
    /** A top-level {@code usage} object, else null. */
    ObjectNode usage;
    private final Consumer<JsonCursor> member = this::member;
    /** Where the generated text and the usage are reported as they are read; null when nowhere. */
    private StreamAccounting accounting;
    private byte[] bytes;

    /** From the next chunk on, the generated text (content, reasoning, refusal, tool arguments) and the usage go to {@code accounting} too. */
    void reportTo(StreamAccounting accounting) {
        this.accounting = accounting;
    }

    /** Reads the chunk in {@code bytes[from, to)}; false when it is not one JSON object (nothing read then counts). */
    boolean read(byte[] bytes, int from, int to) {
        error = false;
        usage = null;
        noChoice();
        this.bytes = bytes;
        try {
            return JsonCursor.readObject(bytes, from, to, member);
        } finally {
            this.bytes = null;
        }
    }

    private void member(JsonCursor json) {
        if (json.keyIs(CHOICES)) {
            choices(json);
        } else if (json.keyIs(ERROR)) {
            error = !json.isNull();
        } else if (json.keyIs(USAGE)) {
            usage = json.valueType() == '{' ? usage(json) : null;
        }
    }

    private ObjectNode usage(JsonCursor json) {
        int start = json.valueStart();
        int end = json.skipValue();
        if (accounting != null) {
            accounting.usage(bytes, start, end);
        }
        return (ObjectNode) Json.parse(bytes, start, end);
    }

    /** A string of generated text, reported as sent (escapes and all) before it is decoded; null when the value is no string. */
    private String generated(JsonCursor json) {
        if (json.valueType() != '"') {
            json.skipValue();
            return null;
        }
        int start = json.valueStart() + 1;
        int end = json.skipValue() - 1;
        if (accounting != null) {
            accounting.text(bytes, start, end);
        }
        return JsonCursor.decode(bytes, start, end);
    }

    private void choices(JsonCursor json) {
        noChoice();
        if (!json.enterArray()) {
            return;
        }
        if (json.nextElement()) {
            if (json.enterObject()) {
                choice = true;
                choice(json);
            }
            while (json.nextElement()) {
                // later choices: n > 1 is not translated
            }
        }
    }

    private void choice(JsonCursor json) {
        while (json.nextMember()) {
            if (json.keyIs(DELTA)) {
                noDelta();
                if (json.enterObject()) {
                    delta(json);
                }
            } else if (json.keyIs(FINISH_REASON)) {
                finishReason = json.string();
            }
        }
    }

    private void delta(JsonCursor json) {
        while (json.nextMember()) {
            if (json.keyIs(CONTENT)) {
                content = generated(json);
            } else if (json.keyIs(TOOL_CALLS)) {
                toolCalls(json);
            } else if (json.keyIs(REASONING_CONTENT)) {
                reasoningContent = generated(json);
            } else if (json.keyIs(REASONING)) {
                reasoning = generated(json);
            } else if (json.keyIs(REFUSAL)) {
                refusal = generated(json);
            }
        }
    }

    /** Every element counts as a call, as in the tree this replaced: one that is no object has neither id nor name. */
    private void toolCalls(JsonCursor json) {
        calls.clear();
        if (!json.enterArray()) {
            return;
        }
        while (json.nextElement()) {
            calls.add(json.enterObject() ? call(json) : new CallDelta(null, null, null, null));
        }
    }

    private CallDelta call(JsonCursor json) {
        Integer index = null;
        String id = null;
        String name = null;
        String arguments = null;
        while (json.nextMember()) {
            if (json.keyIs(INDEX)) {
                index = index(json);
            } else if (json.keyIs(ID)) {
                id = json.string();
            } else if (json.keyIs(FUNCTION)) {
                name = null;
                arguments = null;
                if (!json.enterObject()) {
                    continue;
                }
                while (json.nextMember()) {
                    if (json.keyIs(NAME)) {
                        name = json.string();
                    } else if (json.keyIs(ARGUMENTS)) {
                        arguments = generated(json);
                    }
                }
            }
        }
        return new CallDelta(index, id, name, arguments);
    }

    /** A call's {@code index}: a number, or a numeric string, read as an int (0 when it is neither); null for JSON null. */
    private static Integer index(JsonCursor json) {
        return switch (json.valueType()) {
            case 'n' -> null;
            case '"' -> {
                String text = json.string();
                try {
                    yield Integer.parseInt(text.trim());
                } catch (NumberFormatException e) {
                    yield 0;
                }
            }
            default -> json.intValue();
        };
    }

    private void noChoice() {
        choice = false;
        finishReason = null;
        noDelta();
    }

    private void noDelta() {
        reasoningContent = null;
        reasoning = null;
        content = null;
        refusal = null;
        calls.clear();
    }

}
