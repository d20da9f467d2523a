package io.modelproxy.bench;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** What each request asks for: a whole completion, or a stream of 50 chunks ending in {@code [DONE]}. */
public enum Mode {
    COMPLETION(false),
    STREAM(true);

    private final boolean streaming;
    private final byte[] body;

    Mode(boolean streaming) {
        this.streaming = streaming;
        // the request of the recorded exchange; "bench" is the gateway's logical model, ignored by the fake upstream
        this.body = ("{\"model\":\"bench\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello!\"}],\"stream\":"
                + streaming + "}").getBytes(StandardCharsets.UTF_8);
    }

    boolean streaming() {
        return streaming;
    }

    byte[] body() {
        return body.clone();
    }

    /** The name used in options and output: {@code completion} or {@code stream}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a {@link #label()}. */
    public static Mode of(String label) {
        for (Mode mode : values()) {
            if (mode.label().equals(label.strip())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown mode '" + label + "': expected completion or stream");
    }
}
