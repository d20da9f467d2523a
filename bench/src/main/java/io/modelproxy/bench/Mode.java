package io.modelproxy.bench;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What each request asks for, in which dialect: a whole Chat completion, a Chat stream of 50 chunks
 * ending in {@code [DONE]}, or an Anthropic Messages stream that the gateway translates from the same
 * Chat upstream stream and that ends with {@code event: message_stop}.
 */
public enum Mode {
    COMPLETION(chat(false), null, "completion (one JSON body)"),
    STREAM(chat(true), "data: [DONE]", "stream (50 SSE chunks + [DONE])"),
    /** Only the gateway speaks {@code /v1/messages}: direct and nginx are not sent this mode. */
    MESSAGES_STREAM(new Request(
            // an Anthropic SDK's request; "bench" is the gateway's logical model, routed to the Chat upstream
            "{\"model\":\"bench\",\"max_tokens\":256,\"stream\":true,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello!\"}]}",
            RequestHeaders.builder(HttpMethod.POST, "/v1/messages")
                    .contentType(MediaType.JSON_UTF_8)
                    .add("x-api-key", "sk-bench-client")
                    .add("anthropic-version", "2023-06-01")
                    .build()),
            "event: message_stop",
            "messages-stream (Anthropic client, Chat upstream's 50 chunks translated; gateway only)");

    private final Request request;
    private final byte[] lastEvent;
    private final String description;

    Mode(Request request, String lastEvent, String description) {
        this.request = request;
        this.lastEvent = lastEvent == null ? null : lastEvent.getBytes(StandardCharsets.US_ASCII);
        this.description = description;
    }

    private record Request(String body, RequestHeaders headers) {}

    private static Request chat(boolean streaming) {
        return new Request(
                // the request of the recorded exchange; "bench" is the gateway's logical model, ignored by the fake upstream
                "{\"model\":\"bench\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello!\"}],\"stream\":" + streaming + "}",
                RequestHeaders.builder(HttpMethod.POST, "/v1/chat/completions")
                        .contentType(MediaType.JSON_UTF_8)
                        .add("authorization", "Bearer sk-bench-client")
                        .build());
    }

    /** Method, path and headers of every request; immutable, so shared by all users. */
    RequestHeaders headers() {
        return request.headers();
    }

    byte[] body() {
        return request.body().getBytes(StandardCharsets.UTF_8);
    }

    /** For a stream: what its last event must contain for the answer to count. */
    Optional<byte[]> lastEvent() {
        return Optional.ofNullable(lastEvent).map(byte[]::clone);
    }

    /** For a translated mode: the gateway's pass-through mode it is compared with. */
    public Optional<Mode> passThrough() {
        return this == MESSAGES_STREAM ? Optional.of(STREAM) : Optional.empty();
    }

    /** Whether only the gateway can serve it: a translated mode goes to no other target. */
    public boolean gatewayOnly() {
        return passThrough().isPresent();
    }

    /** The heading of its block in the table. */
    String description() {
        return description;
    }

    /** The name used in options and output: {@code completion}, {@code stream} or {@code messages-stream}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses a {@link #label()}. */
    public static Mode of(String label) {
        for (Mode mode : values()) {
            if (mode.label().equals(label.strip())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown mode '" + label + "': expected "
                + Arrays.stream(values()).map(Mode::label).collect(Collectors.joining(", ")));
    }
}
