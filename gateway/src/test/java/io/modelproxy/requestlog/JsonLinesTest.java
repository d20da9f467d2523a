package io.modelproxy.requestlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesTest {
    @TempDir
    Path dir;

    @Test
    void theFileIsRotatedAtItsSizeKeepingThreeOldOnes() throws Exception {
        Path file = dir.resolve("requests.jsonl");
        JsonLines sink = JsonLines.file(file, 2048);
        RequestEntry entry = new RequestEntry(Instant.parse("2026-01-01T00:00:00Z"), 1, "POST", "/v1/chat/completions",
                "OpenAIChat", "c", "m", "m", "p/m", "p", "m", false, 200, "ok", null, List.of(), 10, 20, 30, -1, 1, 2, -1, -1,
                "reported", null, null, null);
        for (int i = 0; i < 100; i++) {
            sink.write(List.of(entry));
        }
        sink.close();
        assertThat(Files.size(file)).isLessThanOrEqualTo(2048);
        for (int n = 1; n <= JsonLines.KEPT; n++) {
            Path rotated = dir.resolve("requests.jsonl." + n);
            assertThat(rotated).exists();
            assertThat(Files.size(rotated)).isLessThanOrEqualTo(2048);
            assertThat(Files.readAllLines(rotated)).allSatisfy(line -> assertThat(line).startsWith("{\"time\":\"2026-01-01T00:00:00Z\""));
        }
        assertThat(dir.resolve("requests.jsonl." + (JsonLines.KEPT + 1))).doesNotExist();
    }
}
