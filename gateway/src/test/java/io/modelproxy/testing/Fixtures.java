package io.modelproxy.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the files under {@code src/test/resources/fixtures}. */
public final class Fixtures {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {}

    public static String text(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code response_body} of a recorded exchange. */
    public static String recordedBody(String name) {
        try {
            JsonNode recording = JSON.readTree(text(name));
            return recording.get("response_body").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code status} of a recorded exchange. */
    public static int recordedStatus(String name) {
        try {
            return JSON.readTree(text(name)).get("status").asInt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
