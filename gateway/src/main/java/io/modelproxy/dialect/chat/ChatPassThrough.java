package io.modelproxy.dialect.chat;

import static io.modelproxy.sse.JsonFields.ascii;

import io.modelproxy.sse.FrameEdits;
import io.modelproxy.sse.JsonFields;
import io.modelproxy.sse.SseEvent;
import io.modelproxy.sse.SseFrame;
import io.modelproxy.translate.ApiError;
import io.modelproxy.translate.SameDialectStream;
import io.modelproxy.translate.StreamAccounting;
import java.nio.charset.StandardCharsets;

/**
 * A Chat stream to a Chat client: every chunk gets the client's model id; a stream that broke off
 * after its finish reason only lacks {@code [DONE]}, otherwise it ends with the error chunk. Each
 * chunk's JSON is walked once, on its bytes: that walk finds the model to splice, tells whether the
 * chunk finishes the answer (a {@code finish_reason} string at any depth, or an {@code error}), and
 * hands the generated text ({@code content} and tool-call {@code arguments} strings) and any usage
 * report to the gateway's {@link StreamAccounting}. When the gateway asked for the usage the client did
 * not, the chunk that only reports it (empty {@code choices}, a {@code usage} object) goes no further.
 */
final class ChatPassThrough extends SameDialectStream {
    private final byte[] quotedModel;
    private final StreamAccounting accounting;
    private final boolean hideUsage;
    private final Chunk chunk = new Chunk();
    private boolean finishSeen;
    private boolean reporting;

    /** @param hideUsage a chunk that only reports usage is kept from the client */
    ChatPassThrough(byte[] quotedModel, StreamAccounting accounting, boolean hideUsage) {
        this.quotedModel = quotedModel;
        this.accounting = accounting;
        this.hideUsage = hideUsage;
    }

    @Override
    public byte[] onFrame(SseFrame frame) {
        if (!reporting) {
            reporting = true;
            accounting.reportsItself();
        }
        if (!frame.hasData()) {
            return frame.raw();
        }
        if (frame.isDone()) {
            ended();
            return frame.raw();
        }
        int[] range = frame.dataRange();
        if (range == null) {
            // data over several lines: edit the decoded event
            FrameEdits.Data data = FrameEdits.data(frame);
            if (chunk.walk(data.bytes(), data.from(), data.to())) {
                return NONE;
            }
            return FrameEdits.withString(frame, quotedModel, "model");
        }
        byte[] raw = frame.raw();
        if (chunk.walk(raw, range[0], range[1])) {
            return NONE;
        }
        if (chunk.modelStart < 0 || raw[chunk.modelStart] != '"') {
            return raw;
        }
        JsonFields.Span model = new JsonFields.Span(chunk.modelStart, chunk.modelEnd);
        return JsonFields.regionEquals(raw, model, quotedModel) ? raw : JsonFields.replace(raw, model, quotedModel);
    }

    /** What the one walk over a chunk finds; reused for every chunk of the stream. */
    private final class Chunk implements JsonFields.Members {
        private static final byte[] MODEL = ascii("model");
        private static final byte[] ERROR = ascii("error");
        private static final byte[] FINISH_REASON = ascii("finish_reason");
        private static final byte[] CHOICES = ascii("choices");
        private static final byte[] USAGE = ascii("usage");
        private static final byte[] CONTENT = ascii("content");
        private static final byte[] ARGUMENTS = ascii("arguments");
        private byte[] bytes;
        /** The value of the chunk's first top-level {@code model}, or -1. */
        int modelStart;
        int modelEnd;
        /** Top-level {@code choices} is an empty array; {@code usage} an object. */
        private boolean noChoices;
        private boolean usage;

        /** Walks the chunk in {@code json[from, to)}; true when it only reports usage and the client is not to see it. */
        boolean walk(byte[] json, int from, int to) {
            bytes = json;
            modelStart = -1;
            noChoices = false;
            usage = false;
            JsonFields.walk(json, from, to, this);
            bytes = null;
            if (usage) {
                accounting.usage(json, from, to);
            }
            return hideUsage && noChoices && usage;
        }

        /** Keys are told apart by their length first: one comparison for most members, none for many. */
        @Override
        public boolean member(int depth, int keyStart, int keyEnd, int valueStart, int valueEnd) {
            byte first = bytes[valueStart];
            boolean text = first == '"' && valueEnd > valueStart + 2;
            switch (keyEnd - keyStart) {
                case 5 -> {
                    if (depth != 1) {
                        break;
                    }
                    if (modelStart < 0 && JsonFields.keyIs(bytes, keyStart, keyEnd, MODEL)) {
                        modelStart = valueStart;
                        modelEnd = valueEnd;
                    } else if (first == '{' && JsonFields.keyIs(bytes, keyStart, keyEnd, USAGE)) {
                        usage = true;
                    } else if (!finishSeen && JsonFields.keyIs(bytes, keyStart, keyEnd, ERROR)) {
                        finishSeen = true;
                    }
                }
                case 7 -> {
                    if (text && JsonFields.keyIs(bytes, keyStart, keyEnd, CONTENT)) {
                        accounting.text(bytes, valueStart + 1, valueEnd - 1);
                    } else if (depth == 1 && first == '[' && JsonFields.keyIs(bytes, keyStart, keyEnd, CHOICES)) {
                        noChoices = emptyArray(valueStart);
                    }
                }
                case 9 -> {
                    if (text && JsonFields.keyIs(bytes, keyStart, keyEnd, ARGUMENTS)) {
                        accounting.text(bytes, valueStart + 1, valueEnd - 1);
                    }
                }
                case 13 -> {
                    if (!finishSeen && first == '"' && JsonFields.keyIs(bytes, keyStart, keyEnd, FINISH_REASON)) {
                        finishSeen = true;
                    }
                }
                default -> {
                    // no key the walk looks for
                }
            }
            return true;
        }

        /** Whether the array that opens at {@code open} closes right away. */
        private boolean emptyArray(int open) {
            int i = open + 1;
            while (i < bytes.length && (bytes[i] == ' ' || bytes[i] == '\n' || bytes[i] == '\r' || bytes[i] == '\t')) {
                i++;
            }
            return i < bytes.length && bytes[i] == ']';
        }

    }

    /** A stream that broke off after its finish only lacks {@code [DONE]}. */
    @Override
    protected byte[] cleanEnd() {
        return finishSeen ? ChatWire.DONE.toBytes() : null;
    }

    @Override
    protected byte[] failure(ApiError error) {
        byte[] out = NONE;
        for (SseEvent e : ChatWire.failureEvents(error)) {
            out = FrameEdits.concat(out, e.toBytes());
        }
        return out;
    }
}
