package io.modelproxy.dialect.responses;

import static io.modelproxy.sse.JsonFields.ascii;

import io.modelproxy.sse.SseEvent;
import io.modelproxy.sse.SseEventWriter;

/**
 * The delta events a Responses stream is made of, written straight into frame bytes (no tree, no
 * String round trip), with the members in the order {@link ResponsesStreamEncoder} builds its other
 * events in: {@code type}, {@code item_id}, {@code output_index}, the event's own index, {@code delta},
 * then {@code sequence_number}. One per stream.
 */
final class ResponsesDeltaFrames {
    private static final String OUTPUT_TEXT = "response.output_text.delta";
    private static final String ARGUMENTS = "response.function_call_arguments.delta";
    private static final String SUMMARY_TEXT = "response.reasoning_summary_text.delta";
    private static final byte[] OUTPUT_TEXT_HEAD = head(OUTPUT_TEXT);
    private static final byte[] ARGUMENTS_HEAD = head(ARGUMENTS);
    private static final byte[] SUMMARY_TEXT_HEAD = head(SUMMARY_TEXT);
    private static final byte[] OUTPUT_INDEX = ascii(",\"output_index\":");
    private static final byte[] CONTENT_DELTA = ascii(",\"content_index\":0,\"delta\":");
    private static final byte[] SUMMARY_DELTA = ascii(",\"summary_index\":0,\"delta\":");
    private static final byte[] DELTA = ascii(",\"delta\":");
    private static final byte[] LOGPROBS_SEQUENCE = ascii(",\"logprobs\":[],\"sequence_number\":");
    private static final byte[] SEQUENCE = ascii(",\"sequence_number\":");
    private static final byte[] END = ascii("}");

    private final SseEventWriter writer = new SseEventWriter();

    /** {@code response.output_text.delta} of the message item {@code itemId}. */
    SseEvent outputText(String itemId, int outputIndex, String text, long sequence) {
        return item(OUTPUT_TEXT, OUTPUT_TEXT_HEAD, itemId, outputIndex).ascii(CONTENT_DELTA).string(text)
                .ascii(LOGPROBS_SEQUENCE).number(sequence).ascii(END).end();
    }

    /** {@code response.function_call_arguments.delta} of the function call item {@code itemId}. */
    SseEvent arguments(String itemId, int outputIndex, String fragment, long sequence) {
        return item(ARGUMENTS, ARGUMENTS_HEAD, itemId, outputIndex).ascii(DELTA).string(fragment)
                .ascii(SEQUENCE).number(sequence).ascii(END).end();
    }

    /** {@code response.reasoning_summary_text.delta} of the reasoning item {@code itemId}. */
    SseEvent summaryText(String itemId, int outputIndex, String text, long sequence) {
        return item(SUMMARY_TEXT, SUMMARY_TEXT_HEAD, itemId, outputIndex).ascii(SUMMARY_DELTA).string(text)
                .ascii(SEQUENCE).number(sequence).ascii(END).end();
    }

    private SseEventWriter item(String type, byte[] head, String itemId, int outputIndex) {
        return writer.begin(type).ascii(head).string(itemId).ascii(OUTPUT_INDEX).number(outputIndex);
    }

    private static byte[] head(String type) {
        return ascii("{\"type\":\"" + type + "\",\"item_id\":");
    }
}
