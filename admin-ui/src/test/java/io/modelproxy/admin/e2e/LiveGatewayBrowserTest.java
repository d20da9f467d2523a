package io.modelproxy.admin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;
import io.modelproxy.admin.activity.KeyStatus;
import io.modelproxy.admin.activity.RequestSummary;
import io.modelproxy.admin.api.AdminFixture;
import io.modelproxy.admin.api.AdminService;
import io.modelproxy.admin.bench.GatewayBench;
import io.modelproxy.admin.directory.DirectoryStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The pages that show a running gateway, in Chromium: the test bench streams a gateway's answer as it
 * arrives (the fake gateway holds back the rest of a recorded OpenAI stream until the page shows its
 * first words), and the Requests and Keys pages read the gateway's {@code RecentRequests} and
 * {@code KeyStatusSource}, here test implementations.
 */
class LiveGatewayBrowserTest {
    /** A real recorded OpenAI stream: its first frames say "Hi", the rest the remainder of the answer. */
    private static final Path STREAM = Path.of("..", "gateway", "src", "test", "resources", "fixtures", "chat-stream.sse");
    private static final String FULL_ANSWER = "Tell me what you’d like to work on or a topic you’re curious about.";
    private static final Instant NOW = Instant.parse("2026-12-03T11:00:00Z");

    @RegisterExtension
    static final Chromium chromium = new Chromium();
    static final AtomicReference<String> benchRequest = new AtomicReference<>();
    static final AtomicReference<CompletableFuture<Void>> rest = new AtomicReference<>(new CompletableFuture<>());

    /** A gateway that answers every chat request with the recorded stream, in two parts. */
    @RegisterExtension
    static final ServerExtension gateway = new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) {
            sb.service("/v1/chat/completions", (ctx, req) -> HttpResponse.of(req.aggregate().thenApply(request -> {
                benchRequest.set(request.headers().get("authorization") + " " + request.contentUtf8());
                List<String> frames = frames();
                HttpResponseWriter stream = HttpResponse.streaming();
                stream.write(ResponseHeaders.builder(HttpStatus.OK).contentType(MediaType.EVENT_STREAM)
                        .set("x-model-proxy-route", "groq/llama-3.3-70b-versatile")
                        .set("x-model-proxy-attempts", "2")
                        .set("set-cookie", "upstream=must-not-pass")
                        .build());
                stream.write(HttpData.ofUtf8(String.join("", frames.subList(0, 2))));
                rest.get().thenRun(() -> {
                    stream.write(HttpData.ofUtf8(String.join("", frames.subList(2, frames.size()))));
                    stream.close();
                });
                return stream;
            })));
        }
    };

    @RegisterExtension
    static final ServerExtension admin = new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) throws IOException {
            Path dir = Files.createTempDirectory("admin-live-test");
            AdminFixture.writeManifests(dir);
            AdminService.builder(new DirectoryStore(dir, Map.of()))
                    .credential(AdminFixture.ADMIN_KEY)
                    .testBench(new GatewayBench(() -> gateway.httpUri(), "bench-client-key"))
                    .recentRequests(limit -> List.of(
                            new RequestSummary(NOW, "ci", "fast", "groq/llama-3.3-70b-versatile", 200, 412, 12L, 30L),
                            new RequestSummary(NOW.minusSeconds(5), "alice", "fast", null, 429, 3, null, null),
                            new RequestSummary(NOW.minusSeconds(9), "ci", "smart", "openai/gpt-4o", 200, 1200, 40L, 8L))
                            .subList(0, Math.min(limit, 3)))
                    .keyStatuses(() -> List.of(new KeyStatus("groq", "openai-keys", "api-key", "cooling",
                            NOW.plusSeconds(30), "429 from upstream")))
                    .build()
                    .mountOn(sb);
        }
    };

    private static List<String> frames() {
        try {
            return Arrays.stream(Files.readString(STREAM).split("\n\n"))
                    .filter(frame -> !frame.isBlank())
                    .map(frame -> frame.strip() + "\n\n")
                    .toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void logIn() {
        chromium.logIn("http://127.0.0.1:" + admin.httpPort());
    }

    @Test
    void theTestBenchShowsTheAnswerWhileItStreams() throws IOException {
        chromium.open("Test bench");
        chromium.wait.until(d -> !new Select(d.findElement(By.id("bench-model"))).getOptions().isEmpty());
        new Select(chromium.browser.findElement(By.id("bench-model"))).selectByValue("fast");
        WebElement prompt = chromium.browser.findElement(By.id("bench-prompt"));
        prompt.clear();
        prompt.sendKeys("Hello!");
        chromium.browser.findElement(By.id("bench-send")).click();

        chromium.waitForText(By.id("bench-answer"), "Hi");
        // the rest of the stream is held back: what shows has arrived, not a finished answer
        assertThat(chromium.browser.findElement(By.id("bench-answer")).getText()).doesNotContain("there!");
        assertThat(chromium.browser.findElements(By.id("bench-info"))).isEmpty();
        chromium.shot("bench-streaming");
        rest.get().complete(null);

        chromium.waitForText(By.id("bench-answer"), FULL_ANSWER);
        chromium.waitForText(By.id("bench-info"), "Route groq/llama-3.3-70b-versatile. Attempts: 2.");
        assertThat(chromium.browser.findElement(By.id("bench-info")).getText()).contains("Time to first token:");
        chromium.shot("bench-answered");
        assertThat(benchRequest.get()).startsWith("Bearer bench-client-key ")
                .contains("\"model\":\"fast\"", "\"stream\":true", "\"content\":\"Hello!\"");
    }

    @Test
    void theRequestsPageListsAndFiltersTheGatewaysRecentRequests() throws IOException {
        chromium.open("Requests");
        chromium.waitForText(By.id("requests"), "groq/llama-3.3-70b-versatile");
        assertThat(chromium.browser.findElements(By.cssSelector("#requests tbody tr"))).hasSize(3);
        chromium.shot("requests-live");
        chromium.browser.findElement(By.id("req-filter")).sendKeys("alice");
        chromium.wait.until(d -> d.findElements(By.cssSelector("#requests tbody tr")).size() == 1);
        assertThat(chromium.browser.findElement(By.cssSelector("#requests tbody tr")).getText()).contains("429");
        chromium.browser.findElement(By.id("req-filter")).clear();
        chromium.browser.findElement(By.id("req-errors")).click();
        chromium.wait.until(d -> d.findElements(By.cssSelector("#requests tbody tr")).size() == 1);
    }

    @Test
    void theKeysPageShowsEachKeysLiveStateAndNeverItsValue() throws IOException {
        chromium.open("Keys");
        By groqKey = By.cssSelector("tr[data-key='groq/openai-keys/api-key']");
        chromium.waitForText(groqKey, "cooling down");
        assertThat(chromium.browser.findElement(groqKey).getText()).contains("429 from upstream")
                .contains(NOW.plusSeconds(30).toString());
        assertThat(chromium.browser.findElements(By.id("keys-no-source"))).isEmpty();
        assertThat(chromium.browser.getPageSource()).doesNotContain(AdminFixture.UPSTREAM_KEY);
        chromium.shot("keys-live");
    }
}
