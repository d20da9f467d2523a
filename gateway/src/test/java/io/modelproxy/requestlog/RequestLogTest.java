package io.modelproxy.requestlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpObject;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeaders;
import io.modelproxy.api.Dialect;
import io.modelproxy.testing.FakeUpstream;
import io.modelproxy.testing.ManifestGateway;
import io.modelproxy.testing.PrometheusText;
import io.modelproxy.testing.UsageAnswers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/** The request log's records and sinks, through real requests: JSON lines, SQLite, the hard cases. */
class RequestLogTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "sk-log-upstream-9f8e7d6c";

    @RegisterExtension
    @Order(1)
    static final FakeUpstream upstream = new FakeUpstream();

    @TempDir
    Path dir;

    @RegisterExtension
    final ManifestGateway logging = ManifestGateway.perTest().clientKey(ManifestGateway.CLIENT_KEY);

    /** A gateway with these ModelGateway spec lines (its request logging; none for the defaults). */
    private ManifestGateway start(String spec) {
        upstream.answer(call -> "hang".equals(call.model()) ? hangingStream() : UsageAnswers.answer(call));
        return logging.start(ManifestGateway.modelGateway(spec)
                + ManifestGateway.provider("openai", Dialect.OpenAIChat, upstream.baseUrl(), KEY)
                + ManifestGateway.model("fast", "openai", "gpt-fast")
                + ManifestGateway.routedModel("failing", "openai/broken", "openai/gpt-backup")
                + ManifestGateway.model("hanging", "openai", "hang"));
    }

    /** One content frame, then nothing: the stream stays open until someone gives up. */
    private static HttpResponse hangingStream() {
        HttpResponseWriter w = HttpResponse.streaming();
        w.write(ResponseHeaders.of(HttpStatus.OK, HttpHeaderNames.CONTENT_TYPE, MediaType.EVENT_STREAM));
        w.write(HttpData.ofUtf8("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"hang\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hel\"},\"finish_reason\":null}]}\n\n"));
        return w;
    }

    private static String chat(String model) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    @Test
    void aThousandConcurrentRequestsAreAllWrittenToSqliteAndTheFile() throws Exception {
        Path db = dir.resolve("log").resolve("requests.db");
        Files.createDirectories(db.getParent());
        Path file = dir.resolve("log").resolve("requests.jsonl");
        try (ManifestGateway gateway = start("requestLogging: {format: Text, file: \"%s\", sqlite: \"%s\"}".formatted(file, db))) {
            List<CompletableFuture<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                RequestHeaders h = RequestHeaders.builder(HttpMethod.POST, "/v1/chat/completions").contentType(MediaType.JSON_UTF_8)
                        .set(HttpHeaderNames.AUTHORIZATION, "Bearer " + ManifestGateway.CLIENT_KEY).build();
                answers.add(gateway.http().execute(HttpRequest.of(h, HttpData.ofUtf8(chat("fast")))).aggregate()
                        .thenApply(r -> r.status().code()));
            }
            for (CompletableFuture<Integer> a : answers) {
                assertThat(a.get(60, TimeUnit.SECONDS)).isEqualTo(200);
            }
            await().atMost(PATIENCE).until(() -> count(db, "SELECT count(*) FROM request_log") == 1000);
            assertThat(count(db, "SELECT count(*) FROM request_log WHERE client = 'tester' AND logical_model = 'fast'"
                    + " AND route = 'openai/gpt-fast' AND status = 200 AND input_tokens = 11 AND output_tokens = 7"
                    + " AND cached_tokens = 3 AND usage = 'reported' AND attempts = 1 AND stream = 0")).isEqualTo(1000);
            await().atMost(PATIENCE).until(() -> Files.readAllLines(file).size() == 1000);
            JsonNode line = JSON.readTree(Files.readAllLines(file).getFirst());
            assertThat(line.path("model").asText()).isEqualTo("fast");
            assertThat(line.path("attempts").get(0).path("key").asText()).isEqualTo("openai-keys/k1");
            assertThat(line.has("requestBody")).isFalse();
            assertThat(Files.readString(file)).doesNotContain(KEY);
            assertThat(gateway.server().requestLog().entries(2000)).hasSize(RequestLog.RECENT);
            assertThat(gateway.server().requestLog().dropped()).containsEntry("sqlite", 0L).containsEntry("file", 0L);
        }
    }

    @Test
    void aBlockedWriterDropsAndCountsInsteadOfHoldingRequests() throws Exception {
        Path db = dir.resolve("blocked.db");
        try (ManifestGateway gateway = start("requestLogging: {format: Text, sqlite: \"%s\"}".formatted(db));
                Connection lock = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            try (Statement s = lock.createStatement()) {
                s.execute("BEGIN EXCLUSIVE");
            }
            for (int i = 0; i < 20; i++) {
                assertThat(gateway.post("/v1/chat/completions", chat("fast")).status().code()).isEqualTo(200);
            }
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(new PrometheusText(gateway.http().get("/metrics")
                    .aggregate().join().contentUtf8()).sum("modelproxy_request_log_dropped_total", "sink", "sqlite"))
                    .isGreaterThan(0));
            try (Statement s = lock.createStatement()) {
                s.execute("ROLLBACK");
            }
            assertThat(gateway.post("/v1/chat/completions", chat("fast")).status().code()).isEqualTo(200);
            await().atMost(PATIENCE).until(() -> count(db, "SELECT count(*) FROM request_log") >= 1);
        }
    }

    @Test
    void aSinkThatCannotBeOpenedLeavesTheOthersWorking() throws Exception {
        Path file = dir.resolve("requests.jsonl");
        Path unwritable = dir.resolve("no-such-directory").resolve("requests.db");
        try (ManifestGateway gateway = start("requestLogging: {format: Json, file: \"%s\", sqlite: \"%s\"}".formatted(file, unwritable))) {
            assertThat(gateway.post("/v1/chat/completions", chat("fast")).status().code()).isEqualTo(200);
            await().atMost(PATIENCE).until(() -> Files.exists(file) && Files.readAllLines(file).size() == 1);
            assertThat(gateway.server().requestLog().dropped()).doesNotContainKey("sqlite");
        }
    }

    @Test
    void aFallbackChainRecordsEveryAttempt() {
        try (ManifestGateway gateway = start("")) {
            assertThat(gateway.post("/v1/chat/completions", chat("failing")).status().code()).isEqualTo(200);
            await().atMost(PATIENCE).until(() -> !gateway.server().requestLog().entries(1).isEmpty());
            RequestEntry e = gateway.server().requestLog().entries(1).getFirst();
            assertThat(e.attempts()).extracting(RequestEntry.Attempt::route, RequestEntry.Attempt::status, RequestEntry.Attempt::outcome)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("openai/broken", 500, "FallBack"),
                            org.assertj.core.groups.Tuple.tuple("openai/gpt-backup", 200, "committed"));
            assertThat(e.route()).isEqualTo("openai/gpt-backup");
            assertThat(e.upstreamModel()).isEqualTo("gpt-backup");
            assertThat(e.outcome()).isEqualTo("ok");
            assertThat(e.logicalModel()).isEqualTo("failing");
            assertThat(gateway.server().requestLog().recent(5)).singleElement()
                    .satisfies(s -> assertThat(s.route()).isEqualTo("openai/gpt-backup"))
                    .satisfies(s -> assertThat(s.inputTokens()).isEqualTo(11L));
        }
    }

    @Test
    void aClientThatGoesAwayMidStreamStillLeavesARecord() throws Exception {
        try (ManifestGateway gateway = start("")) {
            RequestHeaders h = RequestHeaders.builder(HttpMethod.POST, "/v1/chat/completions").contentType(MediaType.JSON_UTF_8)
                    .set(HttpHeaderNames.AUTHORIZATION, "Bearer " + ManifestGateway.CLIENT_KEY).build();
            HttpResponse res = gateway.http().execute(HttpRequest.of(h, HttpData.ofUtf8(
                    "{\"model\":\"hanging\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")));
            CountDownLatch firstBytes = new CountDownLatch(1);
            res.subscribe(new Subscriber<HttpObject>() {
                private Subscription s;

                @Override
                public void onSubscribe(Subscription s) {
                    this.s = s;
                    s.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(HttpObject o) {
                    if (o instanceof HttpData d && d.toStringUtf8().contains("Hel")) {
                        firstBytes.countDown();
                        s.cancel();
                    }
                }

                @Override
                public void onError(Throwable t) {}

                @Override
                public void onComplete() {}
            });
            assertThat(firstBytes.await(20, TimeUnit.SECONDS)).isTrue();
            await().atMost(PATIENCE).until(() -> !gateway.server().requestLog().entries(1).isEmpty());
            RequestEntry e = gateway.server().requestLog().entries(1).getFirst();
            assertThat(e.outcome()).isEqualTo("client_closed");
            assertThat(e.status()).isEqualTo(499);
            assertThat(e.stream()).isTrue();
            assertThat(e.ttftMillis()).isGreaterThanOrEqualTo(0);
            assertThat(e.route()).isEqualTo("openai/hang");
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(new PrometheusText(gateway.http().get("/metrics")
                    .aggregate().join().contentUtf8()).sum("modelproxy_streams_in_flight")).isEqualTo(0));
        }
    }

    @Test
    void bodiesAreLoggedOnlyWhenAskedAndThenWithoutKeys() throws Exception {
        Path file = dir.resolve("bodies.jsonl");
        try (ManifestGateway gateway = start("requestLogging: {format: Text, file: \"%s\", bodies: true}".formatted(file))) {
            assertThat(gateway.post("/v1/chat/completions", "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\","
                    + "\"content\":\"my keys are " + KEY + " and " + ManifestGateway.CLIENT_KEY + "\"}]}").status().code()).isEqualTo(200);
            await().atMost(PATIENCE).until(() -> Files.exists(file) && !Files.readAllLines(file).isEmpty());
            String text = Files.readString(file, StandardCharsets.UTF_8);
            JsonNode line = JSON.readTree(text.lines().findFirst().orElseThrow());
            assertThat(line.path("requestBody").asText()).contains("my keys are [redacted] and [redacted]");
            assertThat(line.path("responseBody").asText()).contains("chat.completion");
            assertThat(line.path("requestHeaders").has("content-type")).isTrue();
            assertThat(line.path("requestHeaders").has("authorization")).isFalse();
            assertThat(text).doesNotContain(KEY).doesNotContain(ManifestGateway.CLIENT_KEY);
        }
    }

    private static long count(Path db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
