package io.modelproxy.translate;

import io.modelproxy.dialect.Dialects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.api.Dialect;
import io.modelproxy.sse.SseFrame;
import io.modelproxy.sse.SseFrames;
import io.modelproxy.sse.SseEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every directory under {@code src/test/resources/translation/} through the translator and
 * compares with its expected files. A directory holds {@code case.json} (client and upstream dialect,
 * the {@link UpstreamTarget}, how a stream ends) and any of:
 * <ul>
 *   <li>{@code client-request.json} → {@code upstream-request.json}, or {@code error.json} when it must be refused;
 *   <li>{@code upstream-response.json} → {@code client-response.json} (or {@code error.json});
 *   <li>{@code upstream.sse} → {@code client.sse}, fed whole and in 1, 2, 3 and 7 byte reads;
 *   <li>{@code upstream-error.json} → {@code client-error.json} (HTTP error bodies).
 * </ul>
 * A request file, when present, is translated first, so the response or stream sees what the request
 * left in the exchange (rewritten tool names, include_usage, …). JSON is compared structurally, SSE
 * event by event; ids and times come from {@link IdSource#sequential(long)}.
 *
 * <p>{@code -Dtranslation.write=true} writes the actual output over the expected files (then review the diff).
 */
class TranslationFixturesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NOW = 1767225600L;
    private static final int[] READ_SIZES = {Integer.MAX_VALUE, 1, 2, 3, 7};

    static Stream<String> fixtures() throws IOException, URISyntaxException {
        Path root = Paths.get(TranslationFixturesTest.class.getResource("/translation").toURI());
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void translatesAsRecorded(String name) throws Exception {
        Fixture f = new Fixture(name);
        JsonNode spec = f.json("case.json");
        Dialect client = Dialect.valueOf(spec.get("client").asText());
        Dialect upstream = Dialect.valueOf(spec.get("upstream").asText());
        JsonNode t = spec.get("target");
        UpstreamTarget target = new UpstreamTarget(t.get("clientModel").asText(), t.get("upstreamModel").asText(),
                t.path("defaultMaxTokens").asInt(4096), t.hasNonNull("maxOutputTokens") ? t.get("maxOutputTokens").asInt() : null);
        int checked = 0;

        if (f.exists("upstream-error.json")) {
            JsonNode in = f.json("upstream-error.json");
            ApiError error = ApiError.fromUpstream(in.get("status").asInt(), JSON.writeValueAsBytes(in.get("body")));
            f.expectJson("client-error.json", errorJson(error, client));
            checked++;
        }

        List<ExchangeTranslator> exchanges = new ArrayList<>();
        String whole = null;
        for (int read : f.exists("upstream.sse") ? READ_SIZES : new int[] {Integer.MAX_VALUE}) {
            ExchangeTranslator exchange = new Dialects(IdSource.sequential(NOW)).between(client, upstream);
            exchanges.add(exchange);
            if (f.exists("client-request.json")) {
                try {
                    ObjectNode up = exchange.request((ObjectNode) f.json("client-request.json"), target);
                    if (read == Integer.MAX_VALUE) {
                        f.expectJson("upstream-request.json", up);
                        checked++;
                    }
                } catch (TranslationException e) {
                    f.expectJson("error.json", errorJson(e.error(), client));
                    return;
                }
            }
            if (f.exists("upstream.sse")) {
                List<SseEvent> out = stream(exchange.stream(target), f.bytes("upstream.sse"), read, spec.get("failure"));
                assertInvariants(client, out);
                if (read == Integer.MAX_VALUE) {
                    whole = render(out);
                    f.expectSse("client.sse", out);
                } else {
                    assertThat(render(out)).as("reads of %d bytes give the same stream", read).isEqualTo(whole);
                }
                checked++;
            }
        }
        if (f.exists("upstream-response.json")) {
            try {
                ObjectNode answer = exchanges.get(0).response((ObjectNode) f.json("upstream-response.json"), target);
                f.expectJson("client-response.json", answer);
            } catch (TranslationException e) {
                f.expectJson("error.json", errorJson(e.error(), client));
            }
            checked++;
        }
        assertThat(checked).as("fixture %s checks something", name).isPositive();
    }

    private static List<SseEvent> stream(StreamTranslator translator, byte[] wire, int readSize, JsonNode failure) {
        SseFrames frames = new SseFrames();
        List<SseEvent> out = new ArrayList<>();
        for (int i = 0; i < wire.length; i += readSize) {
            int n = Math.min(readSize, wire.length - i);
            for (SseFrame f : frames.feed(java.util.Arrays.copyOfRange(wire, i, i + n))) {
                if (f.event() != null) {
                    out.addAll(translator.onEvent(f.event()));
                }
            }
        }
        SseFrame last = frames.finish();
        if (last != null && last.event() != null) {
            out.addAll(translator.onEvent(last.event()));
        }
        if (failure != null && !failure.isNull()) {
            out.addAll(translator.onFailure(new ApiError(failure.get("status").asInt(), null,
                    failure.get("message").asText(), null, null)));
        } else {
            out.addAll(translator.onComplete());
        }
        return out;
    }

    /** What every client of a dialect relies on, whatever the case (§3.0, cases 22, 51). */
    private static void assertInvariants(Dialect client, List<SseEvent> out) throws IOException {
        assertThat(out).isNotEmpty();
        long lastSequence = -1;
        for (SseEvent e : out) {
            switch (client) {
                case AnthropicMessages -> {
                    assertThat(e.isDone()).as("no [DONE] to Anthropic clients").isFalse();
                    assertThat(e.event()).as("Anthropic frames are named").isNotNull();
                    assertThat(JSON.readTree(e.data()).get("type").asText()).isEqualTo(e.event());
                }
                case OpenAIResponses -> {
                    assertThat(e.isDone()).as("no [DONE] to Responses clients").isFalse();
                    JsonNode data = JSON.readTree(e.data());
                    assertThat(data.get("type").asText()).isEqualTo(e.event());
                    long sequence = data.get("sequence_number").asLong();
                    assertThat(sequence).as("sequence_number increases").isGreaterThan(lastSequence);
                    lastSequence = sequence;
                    if ("response.completed".equals(e.event())) {
                        JsonNode response = data.get("response");
                        assertThat(response.get("id").asText()).isNotEmpty();
                        assertThat(response.get("usage").has("input_tokens")).isTrue();
                        assertThat(response.get("usage").has("output_tokens")).isTrue();
                        assertThat(response.get("usage").has("total_tokens")).isTrue();
                    }
                }
                case OpenAIChat -> assertThat(e.event()).as("Chat frames are data-only").isNull();
            }
        }
        if (client == Dialect.OpenAIChat) {
            assertThat(out.get(out.size() - 1).isDone()).as("Chat streams end with [DONE]").isTrue();
        }
    }

    private static ObjectNode errorJson(ApiError error, Dialect client) {
        ObjectNode out = JSON.createObjectNode();
        DialectWire wire = Dialects.standard().wire(client);
        out.put("status", wire.clientStatus(error));
        out.set("body", wire.errorBody(error));
        return out;
    }

    static String render(List<SseEvent> events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        events.forEach(e -> out.writeBytes(e.toBytes()));
        return out.toString(StandardCharsets.UTF_8);
    }

    /** One fixture directory, read from the test classpath and, when writing, written to the sources. */
    private static final class Fixture {
        private final String name;
        private final Path dir;
        private final boolean write = Boolean.getBoolean("translation.write");

        Fixture(String name) throws URISyntaxException {
            this.name = name;
            this.dir = Paths.get(TranslationFixturesTest.class.getResource("/translation/" + name).toURI());
        }

        boolean exists(String file) {
            return Files.exists(dir.resolve(file));
        }

        byte[] bytes(String file) throws IOException {
            return Files.readAllBytes(dir.resolve(file));
        }

        JsonNode json(String file) throws IOException {
            return JSON.readTree(bytes(file));
        }

        void expectJson(String file, JsonNode actual) throws IOException {
            String pretty = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(actual) + "\n";
            if (!exists(file) || write) {
                record(file, pretty);
                return;
            }
            assertThat(JSON.readTree(pretty)).as("%s/%s\nactual:\n%s", name, file, pretty).isEqualTo(json(file));
        }

        void expectSse(String file, List<SseEvent> actual) throws IOException {
            String rendered = render(actual);
            if (!exists(file) || write) {
                record(file, rendered);
                return;
            }
            List<SseEvent> expected = SseFrames.events(bytes(file));
            assertThat(actual).as("%s/%s event count\nactual:\n%s", name, file, rendered).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                SseEvent e = expected.get(i);
                SseEvent a = actual.get(i);
                assertThat(a.event()).as("%s/%s event %d name\nactual:\n%s", name, file, i, rendered).isEqualTo(e.event());
                JsonNode ej = parse(e.data());
                if (ej != null) {
                    assertThat(parse(a.data())).as("%s/%s event %d\nactual:\n%s", name, file, i, rendered).isEqualTo(ej);
                } else {
                    assertThat(a.data()).as("%s/%s event %d", name, file, i).isEqualTo(e.data());
                }
            }
        }

        /** Writes the actual output into the source tree for review, and fails so it is never silently accepted. */
        private void record(String file, String content) throws IOException {
            Path source = Paths.get("src/test/resources/translation", name, file);
            Files.writeString(source, content, StandardCharsets.UTF_8);
            if (!write) {
                fail("%s/%s did not exist: wrote the actual output, review it and run again", name, file);
            }
        }

        private static JsonNode parse(String data) {
            try {
                return JSON.readTree(data);
            } catch (IOException e) {
                return null;
            }
        }
    }
}
