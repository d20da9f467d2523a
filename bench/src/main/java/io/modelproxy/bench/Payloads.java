package io.modelproxy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What the fake upstream answers, loaded once from resources: the SSE events of a real recorded OpenAI
 * Chat stream (50 {@code chat.completion.chunk} events, then {@code data: [DONE]}), the matching
 * non-streaming completion, and a model list. A request that sets {@code stream_options.include_usage}
 * also gets, before {@code [DONE]}, the chunk OpenAI sends then: empty {@code choices} and the completion's usage.
 *
 * @param streamEvents each event with its framing ({@code data: ...\n\n}), in order, {@code [DONE]} last
 * @param completion a {@code chat.completion} JSON document
 * @param models a {@code GET /v1/models} answer
 */
public record Payloads(List<byte[]> streamEvents, byte[] completion, byte[] models) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public Payloads {
        streamEvents = List.copyOf(streamEvents);
    }

    /** The whole stream, every event in order, as one array. */
    public byte[] streamBody() {
        return joined(streamEvents);
    }

    /** The events of a stream that asked for its usage: the usage chunk goes in before {@code [DONE]}. */
    public List<byte[]> streamEventsWithUsage() {
        List<byte[]> events = new ArrayList<>(streamEvents);
        events.add(events.size() - 1, usageEvent());
        return events;
    }

    /** {@link #streamEventsWithUsage} as one array. */
    public byte[] streamBodyWithUsage() {
        return joined(streamEventsWithUsage());
    }

    private byte[] usageEvent() {
        try {
            String first = new String(streamEvents.getFirst(), StandardCharsets.UTF_8).strip();
            ObjectNode chunk = (ObjectNode) JSON.readTree(first.substring("data:".length()));
            chunk.putArray("choices");
            chunk.set("usage", JSON.readTree(completion).get("usage"));
            return ("data: " + JSON.writeValueAsString(chunk) + "\n\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("bench payloads are JSON", e);
        }
    }

    private static byte[] joined(List<byte[]> events) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        events.forEach(all::writeBytes);
        return all.toByteArray();
    }

    /** The payloads bundled with the benchmark. */
    public static Payloads bundled() {
        try {
            JsonNode recorded = JSON.readTree(resource("chat-streaming.json"));
            return new Payloads(events(recorded.get("response_body").asText()),
                    resource("chat-completion.json"), resource("models.json"));
        } catch (IOException e) {
            throw new UncheckedIOException("bench payloads missing from the classpath", e);
        }
    }

    private static List<byte[]> events(String sse) {
        List<byte[]> events = new ArrayList<>();
        for (String event : sse.split("\n\n")) {
            if (!event.isBlank()) {
                events.add((event.strip() + "\n\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        return events;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = Payloads.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("resource " + name + " not found");
            }
            return in.readAllBytes();
        }
    }
}
