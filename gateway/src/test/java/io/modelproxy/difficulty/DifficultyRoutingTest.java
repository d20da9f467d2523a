package io.modelproxy.difficulty;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpResponse;
import io.modelproxy.api.Dialect;
import io.modelproxy.difficulty.DifficultyStats.Failure;
import io.modelproxy.testing.FakeUpstream;
import io.modelproxy.testing.ManifestGateway;
import io.modelproxy.testing.FakeUpstream.Call;
import io.modelproxy.testing.MutableClock;
import io.modelproxy.testing.PrometheusText;
import io.modelproxy.testing.WireAnswers;
import io.modelproxy.testing.WireAnswers.AnthropicUsage;
import io.modelproxy.testing.WireAnswers.ChatUsage;
import io.modelproxy.testing.WireAnswers.Reply;
import io.modelproxy.dialect.Dialects;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Difficulty routing through real HTTP: a gateway in front of fake providers, one serving the models'
 * routes, one the classifier models (each failure kind on its own classifier route, so circuits do not
 * leak between tests), one Anthropic provider for a translated classifier.
 */
class DifficultyRoutingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LIMITED_KEY = "mp-limited-client-5e1f";

    @RegisterExtension
    @Order(1)
    static final FakeUpstream models = new FakeUpstream();

    @RegisterExtension
    @Order(2)
    static final FakeUpstream classifiers = new FakeUpstream();

    @RegisterExtension
    @Order(3)
    static final FakeUpstream anthropic = new FakeUpstream();

    static final MutableClock clock = new MutableClock();
    /** What the classifier on route router-up answers. */
    static final AtomicReference<String> verdict = new AtomicReference<>("easy");

    /** The local rules of models rules and hidden: easy up to 200 characters, hard from 1000 or on "refactor". */
    private static final String RULES = "heuristic: {easyMaxChars: 200, hardMinChars: 1000, easyMaxTurns: 2, hardMinTurns: 20, "
            + "easyMaxTools: 0, hardMinTools: 16, hardKeywords: [refactor]}, timeoutMillis: 2000, retries: 2, backoffMillis: 100";

    @RegisterExtension
    @Order(4)
    static final ManifestGateway gateway = new ManifestGateway(() -> ManifestGateway.modelGateway(
                    "rateLimits: {clients: {limited: {requestsPerMinute: 2}}}",
                    Map.of("tester", ManifestGateway.CLIENT_KEY, "limited", LIMITED_KEY))
            + ManifestGateway.provider("chat", Dialect.OpenAIChat, models.baseUrl(), "sk-chat")
            + ManifestGateway.provider("router", Dialect.OpenAIChat, classifiers.baseUrl(), "sk-router")
            + ManifestGateway.provider("anth", Dialect.AnthropicMessages, anthropic.baseUrl(), "sk-ant")
            + ManifestGateway.model("cheap", "chat", "cheap-up") + ManifestGateway.model("big", "chat", "big-up")
            + ManifestGateway.model("judge", "router", "router-up") + ManifestGateway.model("judge-stalls", "router", "stall-up")
            + ManifestGateway.model("judge-fails", "router", "fail-up") + ManifestGateway.model("judge-babbles", "router", "babble-up")
            + ManifestGateway.model("judge-fragile", "router", "fragile-up") + ManifestGateway.model("judge-claude", "anth", "claude-judge")
            + routed("auto", byModel("judge", 2000, 1), "stickySeconds: 600")
            + routed("stalls", byModel("judge-stalls", 300, 2), "stickySeconds: 600")
            + routed("fails", byModel("judge-fails", 2000, 1), "stickySeconds: 600")
            + routed("babbles", byModel("judge-babbles", 2000, 0), "stickySeconds: 600")
            + routed("fragile", byModel("judge-fragile", 2000, 0), "stickySeconds: 600")
            + routed("auto-claude", byModel("judge-claude", 2000, 0), "sticky: false")
            + routed("rules", RULES, "sticky: false")
            + routed("hidden", RULES, "sticky: false, exposeHeaders: false"))
            .clientKey(ManifestGateway.CLIENT_KEY).options(b -> b.clock(clock));

    /** A classifier that asks another LogicalModel. */
    private static String byModel(String model, int timeoutMillis, int retries) {
        return "model: " + model + ", timeoutMillis: " + timeoutMillis + ", retries: " + retries + ", backoffMillis: 10";
    }

    /** A LogicalModel {@code name} on route chat/{@code name}-up, routing easy requests to cheap and hard ones to big. */
    private static String routed(String name, String classifier, String routing) {
        return ManifestGateway.modelWith(name, "difficultyRouting: {classifier: {" + classifier + "}, targets: {easy: cheap, hard: big}, "
                + routing + "}", "chat/" + name + "-up");
    }

    @BeforeEach
    void answers() {
        models.reset();
        classifiers.reset();
        anthropic.reset();
        verdict.set("easy");
        models.answer(call -> call.json().path("stream").asBoolean()
                ? FakeUpstream.sse(WireAnswers.chatSse(call.model(), Reply.text("served by " + call.model()),
                        new ChatUsage(10, 0, 3), false))
                : FakeUpstream.json(200, WireAnswers.chatJson(call.model(), Reply.text("served by " + call.model()),
                        new ChatUsage(10, 0, 3))));
        classifiers.answer(call -> switch (call.model()) {
            case "router-up" -> chatAnswer(verdict.get());
            case "stall-up" -> FakeUpstream.silence();
            case "babble-up" -> chatAnswer("I would rather not say.");
            default -> FakeUpstream.json(500, "{\"error\":{\"message\":\"classifier down\",\"type\":\"server_error\"}}");
        });
        anthropic.answer(call -> FakeUpstream.json(200, WireAnswers.anthropicJson(call.model(), Reply.text("Hard."),
                new AnthropicUsage(20, 0, 0, 1))));
    }

    private static HttpResponse chatAnswer(String text) {
        return FakeUpstream.json(200, WireAnswers.chatJson("router-up", Reply.text(text), new ChatUsage(30, 0, 1)));
    }

    private static String chat(String model, String... userMessages) {
        ObjectNode body = JSON.createObjectNode().put("model", model);
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", "You are a helpful assistant.");
        for (int i = 0; i < userMessages.length; i++) {
            if (i > 0) {
                messages.addObject().put("role", "assistant").put("content", "Noted.");
            }
            messages.addObject().put("role", "user").put("content", userMessages[i]);
        }
        return body.toString();
    }

    private static JsonNode json(AggregatedHttpResponse response) {
        try {
            return JSON.readTree(response.contentUtf8());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> servedBy() {
        return models.calls().stream().map(Call::model).toList();
    }

    private static DifficultyStats stats() {
        return gateway.server().difficultyStats();
    }

    private static PrometheusText scrape() {
        AggregatedHttpResponse res = gateway.http().get("/metrics").aggregate().join();
        assertThat(res.status().code()).isEqualTo(200);
        return new PrometheusText(res.contentUtf8());
    }

    @Test
    void theRoutersCountersAreOnTheMetricsPage() {
        PrometheusText before = scrape();

        gateway.post("/v1/chat/completions", chat("rules", "Hi there!"));
        gateway.post("/v1/chat/completions", chat("rules", "word ".repeat(300)));

        PrometheusText after = scrape();
        assertThat(after.sum("modelproxy_difficulty_decisions_total", "difficulty", "easy")
                - before.sum("modelproxy_difficulty_decisions_total", "difficulty", "easy")).isEqualTo(1);
        assertThat(after.sum("modelproxy_difficulty_decisions_total", "difficulty", "hard")
                - before.sum("modelproxy_difficulty_decisions_total", "difficulty", "hard")).isEqualTo(1);
        assertThat(after.sum("modelproxy_difficulty_classifications_seconds_count")
                - before.sum("modelproxy_difficulty_classifications_seconds_count")).isEqualTo(2);
        assertThat(after.sum("modelproxy_difficulty_decisions_total", "difficulty", "easy"))
                .isEqualTo(stats().decisions(Difficulty.EASY));
        assertThat(after.sum("modelproxy_difficulty_failures_total", "reason", "timeout"))
                .isEqualTo(stats().failures(Failure.TIMEOUT));
        assertThat(after.sum("modelproxy_difficulty_sticky_hits_total")).isEqualTo(stats().stickyHits());
        for (Failure f : Failure.values()) {
            assertThat(after.has("modelproxy_difficulty_failures_total", "reason", f.label())).isTrue();
        }
        assertThat(after.has("modelproxy_difficulty_classifications_seconds_sum")).isTrue();
    }

    @Test
    void aClassifierAnsweringEasyRoutesToTheEasyTargetAndTheHeadersSaySo() {
        AggregatedHttpResponse response = gateway.post("/v1/chat/completions", chat("auto", "What is 2 + 2?"));

        assertThat(response.status().code()).isEqualTo(200);
        assertThat(servedBy()).containsExactly("cheap-up");
        assertThat(response.headers().get(DifficultyRouter.ORIGINAL_MODEL)).isEqualTo("auto");
        assertThat(response.headers().get(DifficultyRouter.SELECTED_MODEL)).isEqualTo("cheap");
        assertThat(response.headers().get(DifficultyRouter.DIFFICULTY)).isEqualTo("easy");
        assertThat(response.headers().get(DifficultyRouter.ROUTING_MILLIS)).matches("\\d+");
        assertThat(json(response).path("model").asText()).isEqualTo("auto");
        // the classifier saw the fixed prompt and the last user message, not the client's model name
        Call judged = classifiers.calls().getFirst();
        assertThat(judged.model()).isEqualTo("router-up");
        assertThat(judged.json().path("messages").path(0).path("content").asText()).isEqualTo(ModelClassification.PROMPT);
        assertThat(judged.json().path("messages").path(1).path("content").asText())
                .contains("Messages in the conversation: 1.").endsWith("Last user message:\nWhat is 2 + 2?");
    }

    @Test
    void hardGoesToTheHardTargetAndMediumWithoutATargetToTheModelsOwnRoutes() {
        verdict.set("HARD.");
        AggregatedHttpResponse hard = gateway.post("/v1/chat/completions", chat("auto", "Design a distributed lock."));
        verdict.set("This is medium, I think.");
        AggregatedHttpResponse medium = gateway.post("/v1/chat/completions", chat("auto", "Write a sort function."));

        assertThat(servedBy()).containsExactly("big-up", "auto-up");
        assertThat(hard.headers().get(DifficultyRouter.SELECTED_MODEL)).isEqualTo("big");
        assertThat(hard.headers().get(DifficultyRouter.DIFFICULTY)).isEqualTo("hard");
        assertThat(medium.headers().get(DifficultyRouter.SELECTED_MODEL)).isEqualTo("auto");
        assertThat(medium.headers().get(DifficultyRouter.DIFFICULTY)).isEqualTo("medium");
        assertThat(json(medium).path("model").asText()).isEqualTo("auto");
    }

    @Test
    void theHeuristicSendsShortPromptsToTheEasyTargetAndLongOnesToTheHardOneWithoutACall() {
        long easy = stats().decisions(Difficulty.EASY);
        long hard = stats().decisions(Difficulty.HARD);

        AggregatedHttpResponse shortPrompt = gateway.post("/v1/chat/completions", chat("rules", "Hi there!"));
        AggregatedHttpResponse longPrompt = gateway.post("/v1/chat/completions", chat("rules", "word ".repeat(300)));
        AggregatedHttpResponse keyword = gateway.post("/v1/chat/completions", chat("rules", "Refactor this module"));
        AggregatedHttpResponse code = gateway.post("/v1/chat/completions", chat("rules", "Why?\n```\nx = 1\n```"));

        assertThat(servedBy()).containsExactly("cheap-up", "big-up", "big-up", "rules-up");
        assertThat(List.of(shortPrompt, longPrompt, keyword, code)).extracting(r -> r.headers().get(DifficultyRouter.DIFFICULTY))
                .containsExactly("easy", "hard", "hard", "medium");
        assertThat(classifiers.calls()).isEmpty();
        assertThat(stats().decisions(Difficulty.EASY) - easy).isEqualTo(1);
        assertThat(stats().decisions(Difficulty.HARD) - hard).isEqualTo(2);
    }

    @Test
    void exposeHeadersFalseRoutesWithoutTheHeaders() {
        AggregatedHttpResponse response = gateway.post("/v1/chat/completions", chat("hidden", "Hi there!"));

        assertThat(servedBy()).containsExactly("cheap-up");
        assertThat(response.headers().names().stream().map(Object::toString))
                .noneMatch(name -> name.startsWith("x-model-proxy-original") || name.startsWith("x-model-proxy-selected")
                        || name.equals(DifficultyRouter.DIFFICULTY) || name.equals(DifficultyRouter.ROUTING_MILLIS));
    }

    @Test
    void aClassifierThatStallsPastItsTimeoutLeavesTheRequestToTheOwnRoutes() {
        long timeouts = stats().failures(Failure.TIMEOUT);

        AggregatedHttpResponse response = gateway.post("/v1/chat/completions", chat("stalls", "What is 2 + 2?"));

        assertThat(response.status().code()).isEqualTo(200);
        assertThat(servedBy()).containsExactly("stalls-up");
        assertThat(response.headers().get(DifficultyRouter.DIFFICULTY)).isEqualTo(DifficultyRouter.UNKNOWN);
        assertThat(response.headers().get(DifficultyRouter.SELECTED_MODEL)).isEqualTo("stalls");
        // a timeout spends the budget: no retry
        assertThat(classifiers.calls()).hasSize(1);
        assertThat(stats().failures(Failure.TIMEOUT) - timeouts).isEqualTo(1);
    }

    @Test
    void aClassifierAnswering500IsRetriedAndThenLeavesTheRequestToTheOwnRoutes() {
        long errors = stats().failures(Failure.ERROR);

        AggregatedHttpResponse response = gateway.post("/v1/chat/completions", chat("fails", "What is 2 + 2?"));

        assertThat(response.status().code()).isEqualTo(200);
        assertThat(servedBy()).containsExactly("fails-up");
        assertThat(response.headers().get(DifficultyRouter.DIFFICULTY)).isEqualTo(DifficultyRouter.UNKNOWN);
        assertThat(classifiers.calls()).hasSize(2);
        assertThat(stats().failures(Failure.ERROR) - errors).isEqualTo(1);
    }

    @Test
    void aClassifierAnsweringNonsenseLeavesTheRequestToTheOwnRoutes() {
        long unparseable = stats().failures(Failure.UNPARSEABLE);

        AggregatedHttpResponse response = gateway.post("/v1/chat/completions", chat("babbles", "What is 2 + 2?"));

        assertThat(response.status().code()).isEqualTo(200);
        assertThat(servedBy()).containsExactly("babbles-up");
        assertThat(response.headers().get(DifficultyRouter.DIFFICULTY)).isEqualTo(DifficultyRouter.UNKNOWN);
        assertThat(stats().failures(Failure.UNPARSEABLE) - unparseable).isEqualTo(1);
    }

    @Test
    void afterRepeatedFailuresTheCircuitStopsCallingTheClassifierUntilItsPauseEnds() {
        long open = stats().failures(Failure.CIRCUIT_OPEN);
        for (int i = 0; i < 3; i++) {
            assertThat(gateway.post("/v1/chat/completions", chat("fragile", "Question " + i)).status().code()).isEqualTo(200);
        }
        assertThat(classifiers.calls()).hasSize(3);

        AggregatedHttpResponse skipped = gateway.post("/v1/chat/completions", chat("fragile", "Question 3"));

        assertThat(skipped.status().code()).isEqualTo(200);
        assertThat(skipped.headers().get(DifficultyRouter.DIFFICULTY)).isEqualTo(DifficultyRouter.UNKNOWN);
        assertThat(classifiers.calls()).hasSize(3);
        assertThat(stats().failures(Failure.CIRCUIT_OPEN) - open).isEqualTo(1);
        assertThat(servedBy()).containsOnly("fragile-up").hasSize(4);

        clock.advance(Duration.ofSeconds(31));
        gateway.post("/v1/chat/completions", chat("fragile", "Question 4"));
        assertThat(classifiers.calls()).hasSize(4);
    }

    @Test
    void aConversationKeepsItsFirstDecisionWithinTheStickyWindowAndANewOneIsClassifiedAfresh() {
        long hits = stats().stickyHits();
        gateway.post("/v1/chat/completions", chat("auto", "Plan my week, please."));
        verdict.set("hard");

        AggregatedHttpResponse later = gateway.post("/v1/chat/completions",
                chat("auto", "Plan my week, please.", "Now add a gym session on Tuesday."));
        assertThat(classifiers.calls()).hasSize(1);
        AggregatedHttpResponse other = gateway.post("/v1/chat/completions", chat("auto", "Prove Fermat's little theorem."));

        assertThat(servedBy()).containsExactly("cheap-up", "cheap-up", "big-up");
        assertThat(later.headers().get(DifficultyRouter.DIFFICULTY)).isEqualTo("easy");
        assertThat(other.headers().get(DifficultyRouter.DIFFICULTY)).isEqualTo("hard");
        assertThat(classifiers.calls()).hasSize(2);
        assertThat(stats().stickyHits() - hits).isEqualTo(1);

        // the window ends: the conversation is classified again
        clock.advance(Duration.ofSeconds(601));
        AggregatedHttpResponse expired = gateway.post("/v1/chat/completions",
                chat("auto", "Plan my week, please.", "Now add a gym session on Tuesday.", "And Friday."));
        assertThat(expired.headers().get(DifficultyRouter.DIFFICULTY)).isEqualTo("hard");
        assertThat(classifiers.calls()).hasSize(3);
    }

    @Test
    void aStreamingRequestIsRoutedAndStreamsUnderTheClientsModelName() {
        verdict.set("hard");
        String request = chat("auto", "Stream me a proof sketch.").replaceFirst("\\{", "{\"stream\":true,");

        AggregatedHttpResponse response = gateway.post("/v1/chat/completions", request);

        assertThat(response.status().code()).isEqualTo(200);
        assertThat(response.headers().contentType().toString()).startsWith("text/event-stream");
        assertThat(response.headers().get(DifficultyRouter.SELECTED_MODEL)).isEqualTo("big");
        assertThat(response.contentUtf8()).contains("\"model\":\"auto\"").doesNotContain("big-up").contains("[DONE]");
        assertThat(servedBy()).containsExactly("big-up");
    }

    @Test
    void anAnthropicClientIsRoutedToAChatTargetAndGetsAnAnthropicAnswerStreamingOrNot() {
        String request = """
                {"model": "auto", "max_tokens": 100, "system": "Be brief.",
                 "messages": [{"role": "user", "content": [{"type": "text", "text": "Say hi in Anthropic."}]}]}""";

        AggregatedHttpResponse whole = gateway.post("/v1/messages", request);
        AggregatedHttpResponse streamed = gateway.post("/v1/messages", request.replaceFirst("\\{", "{\"stream\": true,"));

        assertThat(whole.status().code()).isEqualTo(200);
        assertThat(json(whole).path("type").asText()).isEqualTo("message");
        assertThat(json(whole).path("model").asText()).isEqualTo("auto");
        assertThat(whole.headers().get(DifficultyRouter.SELECTED_MODEL)).isEqualTo("cheap");
        assertThat(streamed.contentUtf8()).contains("event: message_start").contains("\"model\":\"auto\"")
                .contains("text_delta").contains("event: message_stop");
        assertThat(streamed.headers().get(DifficultyRouter.DIFFICULTY)).isEqualTo("easy");
        assertThat(servedBy()).containsExactly("cheap-up", "cheap-up");
        // the classifier read the Anthropic request's last user message; the same conversation sticks
        assertThat(classifiers.calls()).hasSize(1);
        assertThat(classifiers.calls().getFirst().json().path("messages").path(1).path("content").asText())
                .endsWith("Say hi in Anthropic.");
    }

    @Test
    void aResponsesClientIsRoutedToAChatTargetAndGetsAResponsesAnswer() {
        verdict.set("hard");
        AggregatedHttpResponse response = gateway.post("/v1/responses", """
                {"model": "auto", "instructions": "Be thorough.", "input": "Compare two sorting algorithms."}""");

        assertThat(response.status().code()).isEqualTo(200);
        assertThat(json(response).path("object").asText()).isEqualTo("response");
        assertThat(json(response).path("model").asText()).isEqualTo("auto");
        assertThat(response.headers().get(DifficultyRouter.SELECTED_MODEL)).isEqualTo("big");
        assertThat(servedBy()).containsExactly("big-up");
    }

    @Test
    void aClassifierModelOnAnAnthropicProviderIsCalledInItsDialect() {
        AggregatedHttpResponse response = gateway.post("/v1/chat/completions", chat("auto-claude", "Anything."));

        assertThat(anthropic.calls("/v1/messages")).hasSize(1);
        assertThat(anthropic.calls().getFirst().json().path("system").toString()).contains("You route requests");
        assertThat(response.headers().get(DifficultyRouter.DIFFICULTY)).isEqualTo("hard");
        assertThat(servedBy()).containsExactly("big-up");
    }

    @Test
    void theClassifiersCallIsNoRequestOfTheClientsRateLimit() {
        // the client may make 2 requests a minute; each is classified by a model through the gateway
        AggregatedHttpResponse first = gateway.post("/v1/chat/completions", chat("auto", "Limited one"), LIMITED_KEY);
        AggregatedHttpResponse second = gateway.post("/v1/chat/completions", chat("auto", "Limited two"), LIMITED_KEY);
        AggregatedHttpResponse third = gateway.post("/v1/chat/completions", chat("auto", "Limited three"), LIMITED_KEY);

        assertThat(classifiers.calls()).hasSize(2);
        assertThat(List.of(first.status().code(), second.status().code(), third.status().code()))
                .containsExactly(200, 200, 429);
        assertThat(second.headers().get(DifficultyRouter.SELECTED_MODEL)).isEqualTo("cheap");
    }
}
